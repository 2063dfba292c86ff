using Portal.Core.Fleet;
using Portal.Core.Webhooks;
using Portal.Web.Fleet;

namespace Portal.Web.Background;

/// <summary>
/// Drains the webhook queue into stored deliveries and makes the attempts that are due, when woken (a new delivery)
/// or every <see cref="Poll"/> (a retry whose backoff ended; the deliveries a restart left pending). On shutdown the
/// events still queued are stored, so they are delivered after the restart. Every replica stores the events it queued;
/// only the replica holding the webhook lease makes attempts, so no delivery is sent twice by two replicas.
/// </summary>
public sealed class WebhookWorker(WebhookQueue queue, WebhookDispatcher dispatcher, FleetLeases leases, ILogger<WebhookWorker> logger) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await StoreQueuedAsync(stoppingToken);
                if (await leases.HoldsAsync(LeaseNames.Webhooks, stoppingToken)) await DeliverAsync(stoppingToken);
                await WaitAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await StoreQueuedAsync(cancellationToken);
    }

    private async Task StoreQueuedAsync(CancellationToken ct)
    {
        while (queue.Reader.TryRead(out var e))
        {
            try
            {
                await dispatcher.FanOutAsync(e, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "The {Event} event of {Model} could not be stored for its webhooks; it is not delivered", e.Type, e.Model);
            }
        }
    }

    private async Task DeliverAsync(CancellationToken ct)
    {
        try
        {
            await dispatcher.DeliverDueAsync(ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A database that is down is an outage readiness already reports: a warning with its reason, not a stack every 2 s.
            if (DatabaseFaults.IsUnreachable(ex))
                logger.LogWarning("Webhook deliveries wait for the database ({Reason}); they are tried again in {Seconds} s", DatabaseFaults.Reason(ex), Poll.TotalSeconds);
            else
                logger.LogError(ex, "Webhook deliveries failed; they are tried again in {Seconds} s", Poll.TotalSeconds);
        }
    }

    private async Task WaitAsync(CancellationToken stoppingToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        wait.CancelAfter(Poll);
        try
        {
            await Task.WhenAny(queue.Reader.WaitToReadAsync(wait.Token).AsTask(), dispatcher.WaitForWakeAsync(wait.Token));
        }
        finally
        {
            await wait.CancelAsync(); // ends the wait that did not complete
        }
    }
}
