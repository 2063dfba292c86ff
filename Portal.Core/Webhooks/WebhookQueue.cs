using System.Threading.Channels;

namespace Portal.Core.Webhooks;

/// <summary>
/// The <see cref="IWebhookPublisher"/> the portal uses: a bounded queue the webhook worker drains. Publishing only
/// writes to memory; when the queue is full the event is shed, counted and reported through <see cref="Shed"/>,
/// so a slow or dead target never holds up the promotion that published.
/// </summary>
public sealed class WebhookQueue : IWebhookPublisher
{
    private readonly Channel<WebhookEvent> _events;
    private long _shed;

    public WebhookQueue(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _events = Channel.CreateBounded<WebhookEvent>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // with TryWrite: a full queue refuses at once, and the event is counted
            SingleReader = true,
        });
    }

    /// <summary>Raised (on the publisher's thread) with the event that was shed; must not throw.</summary>
    public event Action<WebhookEvent, long>? Shed;

    public int Capacity { get; }

    public long ShedCount => Interlocked.Read(ref _shed);

    public int Pending => _events.Reader.Count;

    public ChannelReader<WebhookEvent> Reader => _events.Reader;

    public void Publish(WebhookEvent e)
    {
        if (_events.Writer.TryWrite(e)) return;
        var total = Interlocked.Increment(ref _shed);
        try
        {
            Shed?.Invoke(e, total);
        }
        catch (Exception)
        {
            // Publish never throws: a failing report must not fail the promotion.
        }
    }
}
