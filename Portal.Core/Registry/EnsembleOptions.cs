using System.Globalization;

namespace Portal.Core.Registry;

/// <summary>
/// An ensemble version's <see cref="ModelVersionInfo.Options"/>: each component's weight share under <c>weight.vN</c>, so
/// lists and comparisons can say what it averages without reading its manifest.
/// </summary>
public static class EnsembleOptions
{
    private const string Prefix = "weight.v";

    public static string Key(int version) => Prefix + version.ToString(CultureInfo.InvariantCulture);

    /// <summary>The component versions, ascending; empty for a version that is not an ensemble.</summary>
    public static IReadOnlyList<int> Components(ModelVersionInfo version) => version.Source != VersionSources.Ensemble
        ? []
        : version.Options.Keys
            .Select(k => k.StartsWith(Prefix, StringComparison.Ordinal) && int.TryParse(k.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0)
            .Where(v => v > 0).Order().ToList();

    /// <summary>"ensemble of v3, v5", or null for a version that is not an ensemble.</summary>
    public static string? Describe(ModelVersionInfo version) =>
        version.Source == VersionSources.Ensemble ? "ensemble of " + string.Join(", ", Components(version).Select(v => "v" + v)) : null;
}
