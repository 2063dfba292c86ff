using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Npgsql;
using Portal.Core.Fleet;

namespace Portal.Web.Fleet;

/// <summary>
/// Every replica's one listener: a dedicated connection that <c>LISTEN</c>s on <c>portal_changes</c> and applies the
/// other replicas' changes in order (its own are ignored). When the connection drops it reconnects with backoff and
/// reconciles everything, since announcements made meanwhile were lost.
/// </summary>
public sealed class FleetSyncListener(FleetSyncDatabase database, FleetSyncApplier applier, ReplicaIdentity replica, IOptions<FleetSyncOptions> options,
    TimeProvider time, ILogger<FleetSyncListener> logger) : BackgroundService
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan LongestBackoff = TimeSpan.FromSeconds(30);
    // A silent connection is checked at this interval, so a dead one is noticed without waiting for TCP.
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(15);

    private readonly Channel<RegistryChange> _changes = Channel.CreateUnbounded<RegistryChange>(new UnboundedChannelOptions { SingleReader = true });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Listen)
        {
            logger.LogInformation("Fleet: not listening for other replicas' changes (Portal:Fleet:Listen is false); the reconcile pass alone keeps this replica in line");
            return;
        }

        // Applying (loading engines) runs apart from the connection, so a slow load never delays reading notifications.
        var applying = ApplyLoopAsync(stoppingToken);
        var backoff = FirstBackoff;
        var first = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await database.OpenListenerAsync(replica.Id, stoppingToken);
                connection.Notification += OnNotification;
                await using (var listen = new NpgsqlCommand($"LISTEN {RegistryChangeMessage.Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                logger.LogInformation("Fleet: replica {Replica} listens for changes on {Channel}", replica.Id, RegistryChangeMessage.Channel);
                if (!first) await applier.ReconcileAllAsync("listener reconnected", stoppingToken);
                first = false;
                backoff = FirstBackoff;
                while (!stoppingToken.IsCancellationRequested)
                {
                    if (await connection.WaitAsync(Quiet, stoppingToken)) continue;
                    await using var ping = new NpgsqlCommand("SELECT 1", connection);
                    await ping.ExecuteScalarAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException or IOException)
            {
                logger.LogWarning("Fleet: the change listener lost its connection ({Reason}); reconnecting in {Delay} s", ex.Message, backoff.TotalSeconds);
                first = false;
                try
                {
                    await Task.Delay(backoff, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, LongestBackoff.Ticks));
            }
        }

        _changes.Writer.TryComplete();
        await applying;
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        if (RegistryChangeMessage.Parse(e.Payload) is { } message && message.Replica != replica.Id)
            _changes.Writer.TryWrite(message.Change);
    }

    private async Task ApplyLoopAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var change in _changes.Reader.ReadAllAsync(ct))
            {
                try
                {
                    await applier.ApplyAsync(change, ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The next reconcile pass retries what this could not apply.
                    logger.LogWarning(ex, "Fleet: could not apply {Kind} of {Model}", change.Kind, change.Model);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }
}
