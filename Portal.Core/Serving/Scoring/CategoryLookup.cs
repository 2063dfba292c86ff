using System.Collections.Frozen;

namespace Portal.Core.Serving.Scoring;

/// <summary>
/// Maps one categorical slot's text to a scorer's target (an index it chose, or -1). Rows bound by
/// <see cref="FeatureValueEncoder"/> hold the very string instances of the schema (or the missing and other
/// constants), so a reference scan of those usually answers without hashing; any other text falls back to an
/// ordinal lookup, which is what ML.NET's one-hot encoder matches on.
/// </summary>
internal sealed class CategoryLookup
{
    // Past this many categories hashing beats scanning.
    private const int MaxScan = 16;

    private readonly string[] _instances;
    private readonly int[] _instanceTargets;
    private readonly FrozenDictionary<string, int> _byText;
    private readonly int _unknown;

    public CategoryLookup(CategorySlot slot, IEnumerable<string> instances, Func<int, int> target)
    {
        _byText = slot.Targets.ToFrozenDictionary(p => p.Key, p => target(p.Value), StringComparer.Ordinal);
        _unknown = target(slot.Unknown);
        _instances = instances.Where(_byText.ContainsKey).Take(MaxScan).ToArray();
        _instanceTargets = _instances.Select(i => _byText[i]).ToArray();
    }

    public int Find(string? category)
    {
        var instances = _instances;
        for (var i = 0; i < instances.Length; i++)
            if (ReferenceEquals(instances[i], category)) return _instanceTargets[i];
        // ML.NET reads a null string as empty text.
        return _byText.TryGetValue(category ?? "", out var found) ? found : _unknown;
    }
}
