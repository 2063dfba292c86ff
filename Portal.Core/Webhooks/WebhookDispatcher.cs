using System.Text;
using System.Threading.Channels;

namespace Portal.Core.Webhooks;

/// <summary>
/// Turns events into stored deliveries (one per enabled webhook that takes the event) and makes the attempts that are
/// due: signed POSTs, a 2xx ends a delivery as succeeded, anything else (another status, a timeout, a refused
/// address) is retried with exponential backoff until <see cref="WebhookSettings.MaxAttempts"/>. Deliveries are
/// stored before their first attempt, so a pending one survives a restart. The worker calls <see cref="DeliverDueAsync"/>
/// when woken or on its poll; tests call it after moving the clock.
/// </summary>
public sealed class WebhookDispatcher(IWebhookStore store, IWebhookSecretProtector secrets, IWebhookTransport transport, WebhookSettings settings,
    WebhookCounts counts, TimeProvider time) : IDisposable
{
    private const int Batch = 50;
    private const int Parallelism = 4;

    // One pass at a time: the worker's and a test's would otherwise attempt the same delivery twice.
    private readonly SemaphoreSlim _passing = new(1, 1);
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Raised when an attempt fails (after it is stored): the delivery, the attempt and whether it will be retried.</summary>
    public event Action<WebhookDelivery, WebhookAttempt, bool>? AttemptFailed;

    /// <summary>Stores a delivery of <paramref name="e"/> for every enabled webhook that takes it; returns how many.</summary>
    public async Task<int> FanOutAsync(WebhookEvent e, CancellationToken ct = default)
    {
        var targets = (await store.ListAsync(ct)).Where(w => w.Enabled && w.Takes(e.Type)).ToList();
        if (targets.Count == 0) return 0;
        var body = WebhookPayload.Write(e);
        var now = time.GetUtcNow();
        await store.AddDeliveriesAsync(targets.Select(w => NewDelivery(w, e, body, now)).ToList(), ct);
        Wake();
        return targets.Count;
    }

    /// <summary>Stores one delivery of <paramref name="e"/> to <paramref name="webhook"/> (a ping) and wakes the worker.</summary>
    public async Task<WebhookDelivery> QueueAsync(WebhookSubscription webhook, WebhookEvent e, CancellationToken ct = default)
    {
        var delivery = NewDelivery(webhook, e, WebhookPayload.Write(e), time.GetUtcNow());
        await store.AddDeliveriesAsync([delivery], ct);
        Wake();
        return delivery;
    }

    public void Wake() => _wake.Writer.TryWrite(true);

    /// <summary>Completes when <see cref="Wake"/> was called since the last wait.</summary>
    public async Task WaitForWakeAsync(CancellationToken ct)
    {
        await _wake.Reader.WaitToReadAsync(ct);
        _wake.Reader.TryRead(out _);
    }

    /// <summary>Makes every attempt that is due now (a few at a time); returns how many were made.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken ct = default)
    {
        await _passing.WaitAsync(ct);
        try
        {
            var made = 0;
            while (true)
            {
                var due = await store.ListDueAsync(time.GetUtcNow(), Batch, ct);
                if (due.Count == 0) return made;
                await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct },
                    async (delivery, token) => await AttemptAsync(delivery, token));
                made += due.Count;
                // A batch that was not full was all there was; a retried delivery is due later, never in this pass.
                if (due.Count < Batch) return made;
            }
        }
        finally
        {
            _passing.Release();
        }
    }

    private async Task AttemptAsync(WebhookDelivery delivery, CancellationToken ct)
    {
        var webhook = await store.GetAsync(delivery.WebhookId, ct);
        if (webhook is null) return; // deleted meanwhile: its deliveries went with it
        var attempts = delivery.Attempts.Count + 1;
        WebhookAttempt attempt;
        var protectedSecret = await store.GetSecretAsync(webhook.Id, ct);
        string? secret;
        try
        {
            secret = protectedSecret is null ? null : secrets.Unprotect(protectedSecret);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            secret = null;
        }

        if (secret is null)
        {
            // Retrying cannot help: the portal's data-protection keys changed. The webhook must be created again.
            attempt = new WebhookAttempt(time.GetUtcNow(), null, "The webhook's secret cannot be decrypted (were the portal's keys replaced?); delete and create the webhook again.", 0);
            attempts = settings.MaxAttempts;
        }
        else
        {
            var body = Encoding.UTF8.GetBytes(delivery.PayloadJson);
            var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
            var headers = new Dictionary<string, string>
            {
                [WebhookSigner.EventHeader] = delivery.EventType,
                [WebhookSigner.DeliveryHeader] = delivery.Id.ToString(),
                [WebhookSigner.TimestampHeader] = timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture),
                [WebhookSigner.SignatureHeader] = WebhookSigner.Sign(secret, timestamp, body),
            };
            attempt = await transport.PostAsync(new Uri(webhook.Url), headers, body, ct);
        }

        var status = attempt.Succeeded ? WebhookDeliveryStatuses.Succeeded
            : attempts >= settings.MaxAttempts ? WebhookDeliveryStatuses.Failed
            : WebhookDeliveryStatuses.Pending;
        DateTimeOffset? next = status == WebhookDeliveryStatuses.Pending ? settings.NextAttemptAfter(attempt.At, attempts) : null;
        await store.RecordAttemptAsync(delivery.Id, attempt, status, next, CancellationToken.None);
        counts.Count(delivery.EventType, status switch
        {
            WebhookDeliveryStatuses.Succeeded => WebhookCounts.Succeeded,
            WebhookDeliveryStatuses.Failed => WebhookCounts.Failed,
            _ => WebhookCounts.Retrying,
        });
        if (!attempt.Succeeded) AttemptFailed?.Invoke(delivery, attempt, next is not null);
    }

    public void Dispose() => _passing.Dispose();

    private static WebhookDelivery NewDelivery(WebhookSubscription webhook, WebhookEvent e, string body, DateTimeOffset now) =>
        new(Guid.CreateVersion7(now), webhook.Id, e.Type, e.Model, body, now, WebhookDeliveryStatuses.Pending, now, []);
}
