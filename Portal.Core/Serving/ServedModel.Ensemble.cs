using Microsoft.Extensions.ObjectPool;
using Portal.Core.Registry;

namespace Portal.Core.Serving;

/// <summary>An ensemble version served as the weighted mean of its loaded components.</summary>
public sealed partial class ServedModel
{
    /// <summary>The loaded versions an ensemble averages, in manifest order; null for any other version.</summary>
    public IReadOnlyList<ServedModel>? Components { get; private init; }

    /// <summary>The components' weights as shares summing to 1 (same order); null for any other version.</summary>
    public IReadOnlyList<double>? Shares { get; private init; }

    /// <summary>
    /// An ensemble over already loaded <paramref name="components"/>; its leases score Σ share × component probability.
    /// The components must have the ensemble's row layout, and the ensemble must score a row of missing values.
    /// </summary>
    public static ServedModel Ensemble(ModelVersionInfo info, IReadOnlyList<ServedModel> components, double[] shares, DateTimeOffset now)
    {
        foreach (var c in components)
            if (c.Schema.NumericCount != info.Schema.NumericCount || c.Schema.CategoricalCount != info.Schema.CategoricalCount)
                throw new ArtefactIntegrityException($"{info.Model} v{info.Version}: its component v{c.Version} takes different inputs than the ensemble.");
        var pool = new DefaultObjectPool<EngineLease>(new LeasePolicy(() => new EngineLease(components, shares, info.Schema)), maximumRetained: Environment.ProcessorCount * 4);
        var note = "ensemble of " + string.Join(", ", components.Select(c => $"v{c.Version} ({c.ScorerKind})"));
        var served = new ServedModel(info, pool, now, scorer: null, note) { Components = components, Shares = shares };

        var lease = served.Rent();
        Array.Fill(lease.Input.Numeric, float.NaN);
        Array.Fill(lease.Input.Categorical, Training.FeatureSchema.MissingCategory);
        var p = lease.Score();
        served.Return(lease);
        if (!(p >= 0 && p <= 1))
            throw new ArtefactIntegrityException($"{info.Model} v{info.Version}: the ensemble's test prediction gave {p}, not a probability.");
        return served;
    }
}
