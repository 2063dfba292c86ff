using System.Threading.Channels;

namespace Portal.Core.Training;

/// <summary>Run ids waiting for the training worker, which takes one at a time (training uses every core).</summary>
public sealed class TrainingQueue
{
    private readonly Channel<Guid> _channel = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleReader = true });

    public void Enqueue(Guid runId) => _channel.Writer.TryWrite(runId);

    public IAsyncEnumerable<Guid> ReadAllAsync(CancellationToken ct) => _channel.Reader.ReadAllAsync(ct);
}
