using System.Text.Json;
using System.Text.Json.Serialization;

namespace Portal.Core.Registry;

/// <summary>
/// An ensemble version's artefact: which versions it averages with which weights, and what was measured when it was
/// created on the newest component's test split (each component alone, and each one's leave-one-out contribution).
/// Stored through the <see cref="ArtefactStore"/> like any artefact, so its SHA-256 is checked on every load.
/// </summary>
public sealed record EnsembleManifest(
    string Model,
    IReadOnlyList<EnsembleComponent> Components,
    double? Auc,
    string? EvaluatedOn,
    string? Note,
    string? Description)
{
    public const string CurrentFormat = "portal-ensemble/1";

    public string Format { get; init; } = CurrentFormat;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        WriteIndented = true,
    };

    /// <summary>The weights as shares that sum to 1, in component order.</summary>
    public double[] Shares() => EnsembleScoring.Normalise(Components.Select(c => c.Weight).ToArray());

    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    /// <summary>Reads a manifest; throws <see cref="ArtefactIntegrityException"/> when it is not one this portal can serve.</summary>
    public static EnsembleManifest Parse(byte[] bytes, string what)
    {
        EnsembleManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<EnsembleManifest>(bytes, Json);
        }
        catch (JsonException ex)
        {
            throw new ArtefactIntegrityException($"{what}: the ensemble manifest is not valid JSON ({ex.Message}).", ex);
        }

        if (manifest is null || manifest.Format != CurrentFormat || manifest.Components is not { Count: >= EnsembleBuilder.MinComponents and <= EnsembleBuilder.MaxComponents }
            || manifest.Components.Any(c => !(c.Weight > 0 && double.IsFinite(c.Weight))))
            throw new ArtefactIntegrityException($"{what}: the ensemble manifest is not a {CurrentFormat} manifest with 2 to 5 positively weighted components.");
        return manifest;
    }
}

/// <summary>
/// One version inside an ensemble: its weight as given, and, on the ensemble's evaluation rows, its own AUC and F1 and its
/// contribution (the ensemble's AUC minus the AUC of the ensemble without it, the other weights renormalised).
/// </summary>
public sealed record EnsembleComponent(int Version, double Weight, string Trainer, double? Auc, double? F1, double? Contribution);
