using System.Buffers;
using System.Threading.Channels;

namespace Portal.Core.Rollouts;

/// <summary>
/// The bounded queue between the predict path and the shadow scorer. Offering never waits: when the queue is full the
/// request is not shadowed and is counted as shed against its rollout, so a slow candidate slows no caller and memory
/// stays bounded. A queued request holds a pooled copy of its features (returned by <see cref="ShadowRequest.Release"/>).
/// </summary>
public sealed class ShadowQueue
{
    private readonly Channel<ShadowRequest> _channel;

    public ShadowQueue(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _channel = Channel.CreateBounded<ShadowRequest>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // TryWrite then answers false when full: shed, never drop another
            SingleReader = true,
        });
    }

    public int Capacity { get; }

    public int Pending => _channel.Reader.Count;

    public ChannelReader<ShadowRequest> Reader => _channel.Reader;

    /// <summary>Queues the request for the candidate, paired with the champion's prediction; false (and counted) when full.</summary>
    public bool TryOffer(ActiveRollout rollout, ReadOnlySpan<byte> features, Guid pairedWith)
    {
        if (_channel.Reader.Count >= Capacity) return Shed(rollout); // full: skip the copy
        var buffer = ArrayPool<byte>.Shared.Rent(features.Length);
        features.CopyTo(buffer);
        if (_channel.Writer.TryWrite(new ShadowRequest(rollout, buffer, features.Length, pairedWith))) return true;
        ArrayPool<byte>.Shared.Return(buffer);
        return Shed(rollout);
    }

    /// <summary>No more requests (shutdown).</summary>
    public void Complete() => _channel.Writer.TryComplete();

    private static bool Shed(ActiveRollout rollout)
    {
        rollout.Stats.ShadowShed();
        return false;
    }
}

/// <summary>One shadowed request: the rollout and candidate it was routed under, its features, the champion's prediction id.</summary>
public readonly record struct ShadowRequest(ActiveRollout Rollout, byte[] Buffer, int Length, Guid PairedWith)
{
    public ReadOnlySpan<byte> Features => Buffer.AsSpan(0, Length);

    /// <summary>Gives the features' buffer back to the pool: once, after scoring.</summary>
    public void Release() => ArrayPool<byte>.Shared.Return(Buffer);
}
