namespace Portal.Core.Datasets;

/// <summary>
/// Keeps the <c>capacity</c> rows with the smallest keys seen (a bottom-k sample): given a hash of the row number as the
/// key, a uniform sample that is the same whatever the order the rows arrive in and needs no random state. The caller
/// holds the rows' values in <c>capacity</c> slots; <see cref="Offer"/> says which slot a row goes to. While fewer rows than
/// the capacity have been offered every row is kept, in slots 0, 1, 2... in the order offered, so a small file is read whole.
/// </summary>
public sealed class RowSampler
{
    private readonly int _capacity;

    // The largest kept key on top, so the row a smaller key displaces is found at once.
    private readonly PriorityQueue<int, ulong> _kept;

    public RowSampler(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _kept = new PriorityQueue<int, ulong>(Comparer<ulong>.Create((a, b) => b.CompareTo(a)));
    }

    /// <summary>Rows kept (at most the capacity).</summary>
    public int Count => _kept.Count;

    /// <summary>Rows offered.</summary>
    public long Offered { get; private set; }

    /// <summary>The slot the row with <paramref name="key"/> is to be written to (displacing what was there), or -1 when it is not kept.</summary>
    public int Offer(ulong key)
    {
        Offered++;
        if (_kept.Count < _capacity)
        {
            var slot = _kept.Count;
            _kept.Enqueue(slot, key);
            return slot;
        }

        _kept.TryPeek(out var top, out var largest);
        if (key >= largest) return -1;
        _kept.DequeueEnqueue(top, key);
        return top;
    }
}
