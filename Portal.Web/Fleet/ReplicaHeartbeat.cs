using Microsoft.Extensions.Options;
using Portal.Core.Fleet;
using Portal.Core.Serving;
using Portal.Web.Metrics;

namespace Portal.Web.Fleet;

/// <summary>
/// Writes this replica's row every <c>Portal:Fleet:HeartbeatSeconds</c> (what it serves per model, requests answered),
/// reads the fleet back for the metrics, prunes rows without a heartbeat for a day, and marks the row stopped on a clean
/// shutdown. A failed beat (the database away) is logged and the next one tries again.
/// </summary>
public sealed class ReplicaHeartbeat(
    IReplicaStore store, FleetStatusReader status, ReplicaIdentity replica, ModelServer server, PortalMetrics metrics,
    IOptions<FleetOptions> options, TimeProvider time, ILogger<ReplicaHeartbeat> logger) : BackgroundService
{
    /// <summary>Rows whose last heartbeat is older than this are deleted: the replica is long gone.</summary>
    public static readonly TimeSpan PruneAfter = TimeSpan.FromDays(1);

    private DateTimeOffset _prunedAt = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await BeatAsync(stoppingToken);
                await Task.Delay(options.Value.Heartbeat, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: StopAsync marks the row.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await store.MarkStoppedAsync(replica.Id, time.GetUtcNow(), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "The replica's stop could not be recorded; it shows as dead once its heartbeat is stale");
        }
    }

    /// <summary>One heartbeat: write this replica's row, prune old rows (hourly), read the fleet back.</summary>
    public async Task BeatAsync(CancellationToken ct)
    {
        try
        {
            var now = time.GetUtcNow();
            await store.SaveAsync(new ReplicaRecord(replica.Id, replica.Host, replica.ProcessId, replica.Version, replica.StartedAt, now,
                ServingMap.Of(server), RequestsServed()), ct);
            if (now - _prunedAt >= TimeSpan.FromHours(1))
            {
                _prunedAt = now;
                var pruned = await store.PruneAsync(now - PruneAfter, ct);
                if (pruned > 0) logger.LogInformation("Pruned {Count} replica rows without a heartbeat for a day", pruned);
            }

            await status.ReadAsync(ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "The heartbeat of replica {Replica} could not be written; it is tried again in {Seconds} s", replica.Id, options.Value.HeartbeatSeconds);
        }
    }

    // The predictions_total counter summed over its series: every prediction this process answered.
    private long RequestsServed()
    {
        double total = 0;
        foreach (var labels in metrics.Predictions.GetAllLabelValues()) total += metrics.Predictions.WithLabels(labels).Value;
        return (long)total;
    }
}
