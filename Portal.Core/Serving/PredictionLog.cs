using System.Threading.Channels;

namespace Portal.Core.Serving;

/// <summary>
/// The bounded queue between the predict path and the batch writer. Enqueueing never waits: when the
/// queue is full the record is shed and counted in <see cref="Dropped"/>, so a slow disk slows nobody
/// and memory stays bounded, and the loss is visible.
/// </summary>
public sealed class PredictionLog
{
    private readonly Channel<PredictionRecord> _channel;
    private long _dropped;
    private long _enqueued;

    public PredictionLog(int capacity, bool enabled = true)
    {
        Capacity = capacity;
        Enabled = enabled;
        // Wait mode makes TryWrite answer false when full (the Drop modes would claim success), so drops can be counted.
        _channel = Channel.CreateBounded<PredictionRecord>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    public int Capacity { get; }

    /// <summary>False only to measure what recording costs (the benchmark's log-off runs): nothing is recorded then.</summary>
    public bool Enabled { get; }
    public long Dropped => Interlocked.Read(ref _dropped);
    public long Enqueued => Interlocked.Read(ref _enqueued);
    public int Pending => _channel.Reader.Count;
    public ChannelReader<PredictionRecord> Reader => _channel.Reader;

    public void Record(PredictionRecord record)
    {
        if (!Enabled) return;
        if (_channel.Writer.TryWrite(record)) Interlocked.Increment(ref _enqueued);
        else Interlocked.Increment(ref _dropped);
    }

    /// <summary>No more records (shutdown): the writer drains what is queued and stops.</summary>
    public void Complete() => _channel.Writer.TryComplete();
}
