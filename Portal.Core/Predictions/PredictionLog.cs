using Portal.Core.Rollouts;

namespace Portal.Core.Predictions;

/// <summary>
/// The bounded queue between the predict path and the batch writer. Enqueueing never waits: when the queue is full the
/// record is shed and counted in <see cref="Dropped"/>, so a slow disk slows nobody, memory stays bounded, and the loss
/// is visible. Records the writer took but could not store are counted there too (<see cref="CountLost"/>).
/// </summary>
/// <remarks>
/// A queued prediction is not an object: its fields go into a slot of a ring of structs and its inputs are copied into
/// one byte ring, both reused. Objects that wait the writer's 50 ms would outlive a gen0 collection or two and be
/// copied into gen1 by the collector; that copying, and the gen1 collections it brings, cost the predict path more than
/// the copy itself (bench/results/logging.md). The writer builds its records when it takes a batch, and those die young.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "One per process, a singleton that lives as long as the app: its wait handle goes with the process.")]
public sealed class PredictionLog
{
    /// <summary>Rings start this small and double when a backlog needs more, up to the capacity.</summary>
    private const int InitialSlots = 1024, InitialBytes = 256 * 1024;

    /// <summary>Slots taken out per lock in <see cref="ReadBatch"/>, so the predict path never waits long behind the writer.</summary>
    private const int ReadChunk = 64;

    private readonly Lock _gate = new();
    private readonly ManualResetEventSlim _available = new(false);
    private Slot[] _slots;
    private int _head, _count;
    private byte[] _bytes;
    private int _bytesHead, _bytesTail;

    /// <summary>The inputs of the last batch read, which its records point into (the reader's own; reused by the next read).</summary>
    private byte[] _readBytes = [];
    private bool _completed, _readerWaiting;
    private long _dropped, _enqueued;

    public PredictionLog(int capacity, bool enabled = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        Enabled = enabled;
        _slots = enabled ? new Slot[Math.Min(capacity, InitialSlots)] : [];
        _bytes = enabled ? new byte[InitialBytes] : [];
    }

    public int Capacity { get; }

    /// <summary>False only to measure what recording costs (the benchmark's log-off runs): nothing is recorded then.</summary>
    public bool Enabled { get; }
    public long Dropped => Interlocked.Read(ref _dropped);
    public long Enqueued => Interlocked.Read(ref _enqueued);
    public int Pending => Volatile.Read(ref _count);

    public void Record(PredictionRecord r) =>
        Record(r.Id, r.Model, r.Version, r.Alias, r.Inputs.Span, r.Label, r.Probability, r.LatencyMs, r.At, r.RolloutId, r.Arm, r.PairedWith);

    /// <summary>
    /// Queues one prediction, copying <paramref name="inputs"/> (the row's UTF-8 JSON); sheds it when full. A prediction
    /// routed by a rollout carries its id and arm; a shadow score also the champion prediction it pairs with.
    /// </summary>
    public void Record(Guid id, string model, int version, string? alias, ReadOnlySpan<byte> inputs, string label, double probability, double latencyMs, DateTimeOffset at,
        Guid? rolloutId = null, RolloutArm? arm = null, Guid? pairedWith = null)
    {
        if (!Enabled) return;
        bool wake;
        lock (_gate)
        {
            if (_completed || _count == Capacity)
            {
                _dropped++;
                return;
            }

            if (_count == _slots.Length) GrowSlots();
            var start = Reserve(inputs.Length);
            inputs.CopyTo(_bytes.AsSpan(start));
            var index = _head + _count;
            if (index >= _slots.Length) index -= _slots.Length;
            _slots[index] = new Slot(id, model, version, alias, start, inputs.Length, label, probability, latencyMs, at, rolloutId, arm, pairedWith);
            _count++;
            _enqueued++;
            wake = _readerWaiting;
            _readerWaiting = false;
        }

        if (wake) _available.Set();
    }

    /// <summary>
    /// Blocks the writer until a record is queued (true) or the log is completed and empty (false); throws
    /// <see cref="OperationCanceledException"/> when <paramref name="ct"/> is cancelled.
    /// </summary>
    public bool WaitToRead(CancellationToken ct)
    {
        while (true)
        {
            lock (_gate)
            {
                if (_count > 0) return true;
                if (_completed) return false;
                _readerWaiting = true;
                _available.Reset();
            }

            _available.Wait(ct);
        }
    }

    /// <summary>
    /// Moves up to <paramref name="max"/> of the oldest records into <paramref name="batch"/>. Their inputs point into
    /// one buffer that the next call reuses, so a batch is stored (or copied) before the next is read: the writer's
    /// batches then allocate nothing but their records, and the predict path's collections have less to do.
    /// </summary>
    public int ReadBatch(List<PredictionRecord> batch, int max)
    {
        var taken = 0;
        var used = 0;
        while (taken < max)
        {
            lock (_gate)
            {
                var chunk = Math.Min(Math.Min(ReadChunk, max - taken), _count);
                if (chunk == 0) return taken;
                var need = used;
                for (var i = 0; i < chunk; i++) need += _slots[(_head + i) % _slots.Length].Length;
                if (need > _readBytes.Length) GrowReadBytes(need, used, batch, taken);
                for (var i = 0; i < chunk; i++)
                {
                    ref var s = ref _slots[_head];
                    _bytes.AsSpan(s.Start, s.Length).CopyTo(_readBytes.AsSpan(used));
                    batch.Add(new PredictionRecord(s.Id, s.Model, s.Version, s.Alias, _readBytes.AsMemory(used, s.Length), s.Label, s.Probability, s.LatencyMs, s.At)
                    {
                        RolloutId = s.RolloutId,
                        Arm = s.Arm,
                        PairedWith = s.PairedWith,
                    });
                    used += s.Length;
                    if (s.Length > 0) _bytesHead = s.Start + s.Length;
                    s = default; // let go of the strings
                    if (++_head == _slots.Length) _head = 0;
                    _count--;
                }

                if (_count == 0) _head = _bytesHead = _bytesTail = 0;
                taken += chunk;
            }
        }

        return taken;
    }

    /// <summary>Records taken by the writer whose batch could not be stored: lost, so counted with the shed ones.</summary>
    public void CountLost(int count)
    {
        lock (_gate) _dropped += count;
    }

    /// <summary>No more records (shutdown): the writer drains what is queued and stops.</summary>
    public void Complete()
    {
        lock (_gate) _completed = true;
        _available.Set();
    }

    /// <summary>
    /// The start of <paramref name="length"/> free bytes in the byte ring, which holds the queued inputs in queue order
    /// from <see cref="_bytesHead"/> to <see cref="_bytesTail"/>, wrapping to the start when the end has no room.
    /// </summary>
    private int Reserve(int length)
    {
        if (length == 0) return 0;
        var wrapped = _bytesTail < _bytesHead;
        if (!wrapped && length <= _bytes.Length - _bytesTail) return Take(_bytesTail, length);
        if (!wrapped && length < _bytesHead) return Take(0, length);
        if (wrapped && length < _bytesHead - _bytesTail) return Take(_bytesTail, length);
        GrowBytes(length);
        return Take(_bytesTail, length);
    }

    private int Take(int start, int length)
    {
        _bytesTail = start + length;
        return start;
    }

    private void GrowSlots()
    {
        var slots = new Slot[(int)Math.Min(Capacity, 2L * _slots.Length)];
        for (var i = 0; i < _count; i++) slots[i] = _slots[(_head + i) % _slots.Length];
        (_slots, _head) = (slots, 0);
    }

    /// <summary>A larger byte ring with the queued inputs laid out from its start, in queue order (rare: a backlog).</summary>
    private void GrowBytes(int needed)
    {
        var live = 0;
        for (var i = 0; i < _count; i++) live += _slots[(_head + i) % _slots.Length].Length;
        var bytes = new byte[(int)Math.Min(Array.MaxLength, Math.Max(2L * _bytes.Length, 2L * (live + needed)))];
        var tail = 0;
        for (var i = 0; i < _count; i++)
        {
            ref var s = ref _slots[(_head + i) % _slots.Length];
            if (s.Length == 0) continue;
            _bytes.AsSpan(s.Start, s.Length).CopyTo(bytes.AsSpan(tail));
            s = s with { Start = tail };
            tail += s.Length;
        }

        (_bytes, _bytesHead, _bytesTail) = (bytes, 0, tail);
    }

    /// <summary>A larger read buffer (the first batches, or a larger one than before): this call's records move with their inputs.</summary>
    private void GrowReadBytes(int needed, int used, List<PredictionRecord> batch, int taken)
    {
        var bytes = new byte[Math.Max(needed, 2 * _readBytes.Length)];
        _readBytes.AsSpan(0, used).CopyTo(bytes);
        for (int i = batch.Count - taken, offset = 0; i < batch.Count; offset += batch[i].Inputs.Length, i++)
            batch[i] = batch[i] with { Inputs = bytes.AsMemory(offset, batch[i].Inputs.Length) };
        _readBytes = bytes;
    }

    private readonly record struct Slot(
        Guid Id, string Model, int Version, string? Alias, int Start, int Length, string Label, double Probability, double LatencyMs, DateTimeOffset At,
        Guid? RolloutId, RolloutArm? Arm, Guid? PairedWith);
}
