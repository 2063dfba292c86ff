using Portal.Core.Datasets;
using Portal.Core.Training;

namespace Portal.Core.Serving;

/// <summary>
/// What the binder needs to turn a request's JSON into a model row without allocating: feature names and category
/// values looked up from the request's characters (no string per value), and each feature's slot in its vector.
/// Built once per served version.
/// </summary>
public sealed class RowBindingPlan
{
    private readonly Dictionary<string, int> _features;
    private readonly Dictionary<string, string>?[] _categories;

    public RowBindingPlan(FeatureSchema schema)
    {
        Schema = schema;
        _features = new Dictionary<string, int>(StringComparer.Ordinal);
        Slots = new int[schema.Features.Count];
        _categories = new Dictionary<string, string>?[schema.Features.Count];
        int numeric = 0, categorical = 0;
        for (var i = 0; i < schema.Features.Count; i++)
        {
            var spec = schema.Features[i];
            _features[spec.Name] = i;
            Slots[i] = spec.Type == ColumnType.Categorical ? categorical++ : numeric++;
            if (spec.Type == ColumnType.Categorical)
            {
                // Ordinal, as FeatureValueEncoder.Category compares: the value maps to the schema's own string instance.
                var values = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var c in spec.Categories ?? []) values.TryAdd(c, c);
                _categories[i] = values;
            }
            else if (spec.Type == ColumnType.Boolean && spec.Categories is [var no, var yes])
            {
                // Boolean tokens compare case-insensitively; the value is the token as the schema spells it.
                _categories[i] = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { [no] = no, [yes] = yes };
            }
        }
    }

    public FeatureSchema Schema { get; }

    /// <summary>For feature i, its position in the numeric or the categorical vector (by its type).</summary>
    public int[] Slots { get; }

    public int FeatureCount => Slots.Length;

    public bool TryGetFeature(ReadOnlySpan<char> name, out int index) =>
        _features.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out index);

    public bool TryGetFeature(string name, out int index) => _features.TryGetValue(name, out index);

    /// <summary>The schema's instance of a categorical value or boolean token, or null when the schema does not know it.</summary>
    public string? KnownValue(int feature, ReadOnlySpan<char> value) =>
        _categories[feature] is { } values && values.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(value, out var known) ? known : null;
}
