using Portal.Core.Datasets;

namespace Portal.Core.Training;

/// <summary>
/// One column's counts for <see cref="FeatureSchemaBuilder"/>, taken one value at a time: non-missing and missing
/// counts, whether every value is a number, the distinct values with their counts and the Welford range of the numbers.
/// The distinct values are kept up to <paramref name="distinctCap"/>; past it the column can only be numeric (every value
/// a number) or free text, since a categorical column needs its exact counts and a larger dictionary is what a streamed
/// pass must not hold. With the cap at <see cref="int.MaxValue"/> (the in-memory table) nothing is cut.
/// </summary>
public sealed class FeatureColumnScan(string name, int distinctCap = int.MaxValue)
{
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly FeatureRange.Accumulator _range = new();
    private int _values;
    private int _missing;
    private bool _allNumeric = true;

    public string Name => name;

    /// <summary>True once more than the cap of distinct values was seen.</summary>
    public bool Overflowed { get; private set; }

    public void Add(string? value)
    {
        _values++;
        if (value is null)
        {
            _missing++;
            return;
        }

        if (ColumnTypeInference.TryParseNumber(value, out var number)) _range.Add(number);
        else _allNumeric = false;
        if (Overflowed) return;
        if (_counts.TryGetValue(value, out var count)) _counts[value] = count + 1;
        else if (_counts.Count < distinctCap) _counts[value] = 1;
        else
        {
            // Numeric columns overflow at once on continuous data: their type needs no distinct values.
            Overflowed = true;
            _counts.Clear();
            _counts.TrimExcess();
        }
    }

    /// <summary>The feature this column makes, or the reason it is not one (a sentence for the run's exclusions).</summary>
    public (FeatureSpec? Feature, string? Excluded) Result()
    {
        var nonMissing = _values - _missing;
        var type = Overflowed
            ? nonMissing == 0 ? ColumnType.Text : _allNumeric ? ColumnType.Numeric : ColumnType.Text
            : ColumnTypeInference.Infer(_counts.Keys, nonMissing, _allNumeric);
        var allowMissing = _missing > 0;
        switch (type)
        {
            case ColumnType.Numeric:
                return (new FeatureSpec(name, type, null, allowMissing, _range.Result()), null);
            case ColumnType.Boolean:
                return (new FeatureSpec(name, type, ColumnTypeInference.BooleanTokens(_counts.Keys), allowMissing), null);
            case ColumnType.Categorical:
                return (new FeatureSpec(name, type, Categories(), allowMissing), null);
            default:
                var distinct = Overflowed ? $"more than {distinctCap}" : _counts.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return (null, nonMissing == 0 ? $"{name}: no values" : $"{name}: free text ({distinct} distinct values in {nonMissing} rows)");
        }
    }

    private string[] Categories()
    {
        var ordered = _counts
            .OrderByDescending(g => g.Value)
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key)
            .ToList();
        var categories = ordered.Take(FeatureSchemaBuilder.MaxCategories).ToList();
        if (_missing > 0) categories.Add(FeatureSchema.MissingCategory);
        if (ordered.Count > FeatureSchemaBuilder.MaxCategories) categories.Add(FeatureSchema.OtherCategory);
        return categories.ToArray();
    }
}
