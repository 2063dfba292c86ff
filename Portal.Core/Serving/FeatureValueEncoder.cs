using Portal.Core.Datasets;
using Portal.Core.Training;

namespace Portal.Core.Serving;

/// <summary>
/// The one place raw values (CSV cells at training, JSON values at serving) become model inputs, so both
/// paths encode alike: numbers in the invariant culture with NaN for missing, booleans as 0/1, and
/// categories outside the schema's set as <see cref="FeatureSchema.OtherCategory"/>.
/// </summary>
public static class FeatureValueEncoder
{
    /// <summary>A number, or NaN when missing or not a number (mean-imputed by the model).</summary>
    public static float Numeric(string? raw) => raw is not null && TryNumeric(raw, out var value) ? value : float.NaN;

    /// <summary>Whether <paramref name="raw"/> is a finite number in the invariant culture (for request validation).</summary>
    public static bool TryNumeric(string raw, out float value)
    {
        if (ColumnTypeInference.TryParseNumber(raw, out var number))
        {
            value = (float)number;
            return true;
        }

        value = float.NaN;
        return false;
    }

    /// <summary>0 for the false token, 1 for the true token (case-insensitive), NaN for missing or any other value.</summary>
    public static float Boolean(FeatureSpec spec, string? raw)
    {
        if (raw is null || spec.Categories is not [var falseToken, var trueToken]) return float.NaN;
        if (string.Equals(raw, trueToken, StringComparison.OrdinalIgnoreCase)) return 1f;
        if (string.Equals(raw, falseToken, StringComparison.OrdinalIgnoreCase)) return 0f;
        return float.NaN;
    }

    /// <summary>Whether <paramref name="raw"/> is one of a boolean feature's two tokens (case-insensitive).</summary>
    public static bool IsBooleanToken(FeatureSpec spec, string raw) => !float.IsNaN(Boolean(spec, raw));

    /// <summary>The category as trained: missing -> <see cref="FeatureSchema.MissingCategory"/>, unknown -> <see cref="FeatureSchema.OtherCategory"/>.</summary>
    public static string Category(FeatureSpec spec, string? raw)
    {
        if (raw is null) return FeatureSchema.MissingCategory;
        var categories = spec.Categories ?? [];
        for (var i = 0; i < categories.Count; i++)
            if (string.Equals(categories[i], raw, StringComparison.Ordinal)) return categories[i];
        return FeatureSchema.OtherCategory;
    }

    /// <summary>
    /// Fills <paramref name="row"/> (sized by <see cref="ModelInput.For"/>) from the raw value of each feature,
    /// <paramref name="valueOfFeature"/>(i) being the raw value of <c>schema.Features[i]</c>.
    /// </summary>
    public static void Fill(FeatureSchema schema, Func<int, string?> valueOfFeature, ModelInput row)
    {
        int numeric = 0, categorical = 0;
        for (var i = 0; i < schema.Features.Count; i++)
        {
            var spec = schema.Features[i];
            var raw = valueOfFeature(i);
            switch (spec.Type)
            {
                case ColumnType.Numeric:
                    row.Numeric[numeric++] = Numeric(raw);
                    break;
                case ColumnType.Boolean:
                    row.Numeric[numeric++] = Boolean(spec, raw);
                    break;
                case ColumnType.Categorical:
                    row.Categorical[categorical++] = Category(spec, raw);
                    break;
                default:
                    throw new ArgumentException($"Feature '{spec.Name}' has type {spec.Type}, which is not a model input.", nameof(schema));
            }
        }
    }
}
