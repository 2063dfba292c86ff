using Portal.Core.Serving;

namespace Portal.Core.Explanations;

/// <summary>
/// Global importance from exact explanations: each user feature's mean |SHAP| (logit space) over the <see cref="Rows"/>
/// rows of a version's test split, in schema order, computed by the explainer that serves the version's explanations.
/// </summary>
public sealed record ShapImportance(int Rows, IReadOnlyList<FeatureShapImportance> Features)
{
    /// <summary>The mean |value| of every feature over <paramref name="rows"/> (summed in row order); null when there are no rows.</summary>
    public static ShapImportance? Compute(ShapExplainer explainer, IReadOnlyList<ModelInput> rows, CancellationToken ct = default)
    {
        if (rows.Count == 0) return null;
        var values = new double[explainer.FeatureCount];
        var sums = new double[values.Length];
        for (var i = 0; i < rows.Count; i++)
        {
            if ((i & 255) == 0) ct.ThrowIfCancellationRequested();
            explainer.Explain(rows[i], values);
            for (var f = 0; f < values.Length; f++) sums[f] += Math.Abs(values[f]);
        }

        var features = explainer.Schema.Features;
        return new ShapImportance(rows.Count, features.Select((f, i) => new FeatureShapImportance(f.Name, sums[i] / rows.Count)).ToList());
    }

    /// <summary>Each feature's mean |SHAP| by name.</summary>
    public IReadOnlyDictionary<string, double> ByFeature() => Features.ToDictionary(f => f.Feature, f => f.MeanAbs, StringComparer.Ordinal);

    /// <summary>The features from the largest mean |SHAP| to the smallest (ties in schema order).</summary>
    public IEnumerable<FeatureShapImportance> Ranked() => Features.OrderByDescending(f => f.MeanAbs);
}
