namespace Portal.Core.Datasets;

/// <summary>
/// Frequent values in one pass (Misra and Gries 1982) with <c>capacity</c> counters: every reported count is at most
/// n/(capacity+1) below the true one, and any value seen more often than that is reported. Used for the top categories
/// of a column with too many distinct values to count exactly.
/// </summary>
public sealed class MisraGries(int capacity)
{
    private readonly Dictionary<string, long> _counters = new(capacity + 1, StringComparer.Ordinal);

    public long Total { get; private set; }

    /// <summary>The largest amount any reported count can fall short of the true one.</summary>
    public long MaxUndercount => Total / (capacity + 1);

    public void Add(string value, long count = 1)
    {
        Total += count;
        if (_counters.TryGetValue(value, out var existing))
        {
            _counters[value] = existing + count;
            return;
        }

        if (_counters.Count < capacity)
        {
            _counters[value] = count;
            return;
        }

        // Full: take the smaller of the new value's weight and the smallest counter from everyone (the value included).
        var min = Math.Min(count, _counters.Values.Min());
        foreach (var key in _counters.Keys.ToArray())
        {
            var left = _counters[key] - min;
            if (left == 0) _counters.Remove(key);
            else _counters[key] = left;
        }

        if (count > min) _counters[value] = count - min;
    }

    /// <summary>The counters, largest first, ties by ordinal value.</summary>
    public IEnumerable<KeyValuePair<string, long>> Top(int k) =>
        _counters.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(k);
}
