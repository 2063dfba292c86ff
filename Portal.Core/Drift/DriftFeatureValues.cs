using Portal.Core.Datasets;
using Portal.Core.Training;

namespace Portal.Core.Drift;

/// <summary>
/// How a schema feature is compared in drift runs: numeric features as numbers, categorical and boolean features as
/// categories. Boolean tokens are normalised to the schema's spelling (a logged JSON true becomes the true token), so
/// "Yes", "yes" and true count as one category on both sides.
/// </summary>
public static class DriftFeatureValues
{
    /// <summary><see cref="FeatureTypes.Numeric"/> for numeric features, otherwise <see cref="FeatureTypes.Categorical"/>.</summary>
    public static string TypeOf(FeatureSpec spec) => spec.Type == ColumnType.Numeric ? FeatureTypes.Numeric : FeatureTypes.Categorical;

    /// <summary>A number in the invariant culture, or NaN.</summary>
    public static double Number(string? raw) =>
        raw is not null && ColumnTypeInference.TryParseNumber(raw, out var value) ? value : double.NaN;

    /// <summary>The category as compared: booleans in the schema's token spelling, everything else as given.</summary>
    public static string? Category(FeatureSpec spec, string? raw)
    {
        if (raw is null || spec.Type != ColumnType.Boolean || spec.Categories is not [var falseToken, var trueToken]) return raw;
        if (string.Equals(raw, trueToken, StringComparison.OrdinalIgnoreCase)) return trueToken;
        if (string.Equals(raw, falseToken, StringComparison.OrdinalIgnoreCase)) return falseToken;
        return raw;
    }

    /// <summary>A JSON boolean of a boolean feature as the schema's token (or "true"/"false" without tokens).</summary>
    public static string Boolean(FeatureSpec spec, bool value) =>
        spec.Categories is [var falseToken, var trueToken] ? (value ? trueToken : falseToken) : (value ? "true" : "false");
}
