using System.Globalization;
using System.Text;
using System.Text.Json;
using Portal.Core.Datasets;
using Portal.Core.Training;

namespace Portal.Core.Serving;

/// <summary>
/// Checks a bound row's inputs against what the version was trained on: numbers against the training ranges, categories
/// against the training categories. Built once per served version: the features to check, their slots and bounds sit
/// in arrays, so a row with nothing unusual costs one comparison per feature and allocates nothing; only a row with a
/// warning allocates the list (and, for a category, reads its value back from the request to name it).
/// </summary>
public sealed class InputRangeCheck
{
    private readonly int[] _features;
    private readonly int[] _slots;
    private readonly double[] _low;
    private readonly double[] _high;
    private readonly int[] _categorical;
    private readonly int[] _categoricalSlots;
    private readonly FeatureSchema _schema;

    public InputRangeCheck(RowBindingPlan plan)
    {
        _schema = plan.Schema;
        var features = new List<int>();
        for (var i = 0; i < plan.Schema.Features.Count; i++)
            if (plan.Schema.Features[i] is { Type: ColumnType.Numeric, Range: not null })
                features.Add(i);
        _features = [.. features];
        _slots = features.Select(i => plan.Slots[i]).ToArray();
        _low = features.Select(i => plan.Schema.Features[i].Range!.Low).ToArray();
        _high = features.Select(i => plan.Schema.Features[i].Range!.High).ToArray();
        _categorical = Enumerable.Range(0, plan.Schema.Features.Count).Where(i => HasEveryCategory(plan.Schema.Features[i])).ToArray();
        _categoricalSlots = _categorical.Select(i => plan.Slots[i]).ToArray();
    }

    /// <summary>False for versions trained before ranges were kept: no numeric range to check.</summary>
    public bool HasRanges => _features.Length > 0;

    /// <summary>False when there is nothing to check: no numeric range and no categorical feature with its every category known.</summary>
    public bool HasChecks => _features.Length > 0 || _categorical.Length > 0;

    /// <summary>
    /// Whether the schema holds every category the feature took in training. When the training data had more than
    /// <see cref="FeatureSchemaBuilder.MaxCategories"/>, the rare ones were grouped as <see cref="FeatureSchema.OtherCategory"/>:
    /// an unlisted value may then be one of them, and the model learned that group, so it is not warned about.
    /// </summary>
    public static bool HasEveryCategory(FeatureSpec spec) =>
        spec.Type == ColumnType.Categorical && spec.Categories is { } categories && !categories.Contains(FeatureSchema.OtherCategory);

    /// <summary>The warnings for a row of numbers alone, or null when every value is in range (or missing).</summary>
    public List<InputWarning>? Check(ModelInput row) => Check(row, default);

    /// <summary>
    /// The warnings for <paramref name="row"/>, bound from <paramref name="features"/> (the request's UTF-8 JSON, read
    /// again only to name an unknown category), or null when nothing is unusual.
    /// </summary>
    public List<InputWarning>? Check(ModelInput row, ReadOnlySpan<byte> features)
    {
        List<InputWarning>? warnings = null;
        var numeric = row.Numeric;
        for (var k = 0; k < _features.Length; k++)
        {
            double value = numeric[_slots[k]];
            // NaN (missing) fails both comparisons: it is never out of range.
            if (value >= _low[k] && value <= _high[k] || double.IsNaN(value)) continue;
            (warnings ??= []).Add(Warning(_schema.Features[_features[k]], AsSent(numeric[_slots[k]])));
        }

        var categorical = row.Categorical;
        for (var k = 0; k < _categorical.Length; k++)
        {
            // The binder maps a value the schema does not know to the "other" marker (a missing one to "missing").
            if (!string.Equals(categorical[_categoricalSlots[k]], FeatureSchema.OtherCategory, StringComparison.Ordinal)) continue;
            var spec = _schema.Features[_categorical[k]];
            (warnings ??= []).Add(UnknownCategory(spec, SentValue(features, spec.Name) ?? FeatureSchema.OtherCategory));
        }

        return warnings;
    }

    /// <summary>The warning for a category the training data never held; also used by the Predict form.</summary>
    public static InputWarning UnknownCategory(FeatureSpec spec, string value)
    {
        if (value.Length > MaxValueLength) value = value[..MaxValueLength] + "...";
        var known = (spec.Categories ?? []).Where(c => c is not FeatureSchema.MissingCategory and not FeatureSchema.OtherCategory).ToList();
        var listed = known.Count <= 5 ? string.Join(", ", known) : $"{string.Join(", ", known.Take(5))} and {known.Count - 5} more";
        var message = $"{spec.Name} = \"{value}\" is not a category the model was trained on ({listed}); the prediction may be unreliable.";
        return new InputWarning(spec.Name, null, null, null, message, value);
    }

    /// <summary>How much of an unknown category a warning repeats.</summary>
    private const int MaxValueLength = 60;

    /// <summary>The feature's value in the request as text (a string's content, or a literal's JSON text); null when absent.</summary>
    private static string? SentValue(ReadOnlySpan<byte> features, string name)
    {
        if (features.IsEmpty) return null;
        var reader = new Utf8JsonReader(features);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var match = reader.ValueTextEquals(name);
            reader.Read();
            if (match) return reader.TokenType == JsonTokenType.String ? reader.GetString() : Encoding.UTF8.GetString(reader.ValueSpan);
            reader.Skip();
        }

        return null;
    }

    /// <summary>The float the row holds, as the shortest decimal that reads back to it (0.1, not 0.100000001490116).</summary>
    private static double AsSent(float value) => double.Parse(value.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>The warning for one value; also used by the Predict form, which checks as it is typed.</summary>
    public static InputWarning Warning(FeatureSpec spec, double value)
    {
        var range = spec.Range!;
        var message = string.Create(CultureInfo.InvariantCulture,
            $"{spec.Name} = {value:G6} is far outside the training range {range.Min:G6} to {range.Max:G6}; the prediction may be unreliable.");
        return new InputWarning(spec.Name, value, range.Min, range.Max, message);
    }
}
