using Microsoft.Extensions.Options;
using Portal.Core.Drift;
using Portal.Core.Registry;
using Portal.Core.Fleet;
using Portal.Web.Extensions;
using Portal.Web.Fleet;

namespace Portal.Web.Background;

/// <summary>
/// Runs drift for every model with a champion every <c>Portal:Monitoring:DriftIntervalMinutes</c> (0: off), waiting
/// on the injected <see cref="TimeProvider"/>, on the replica holding the drift lease. A model without enough predictions in the window is skipped quietly.
/// </summary>
public sealed class DriftScheduler(
    DriftService drift, IModelRegistry registry, IOptions<PortalOptions> options, FleetLeases leases, TimeProvider time, ILogger<DriftScheduler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var minutes = options.Value.Monitoring.DriftIntervalMinutes;
        if (minutes <= 0) return;
        var interval = TimeSpan.FromMinutes(minutes);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(interval, time, stoppingToken);
                if (await leases.HoldsAsync(LeaseNames.Drift, stoppingToken)) await RunAllAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>One scheduled pass over every model with a champion.</summary>
    public async Task RunAllAsync(CancellationToken ct)
    {
        foreach (var model in await registry.ListModelsAsync(ct))
        {
            if (model.ChampionVersion is null) continue;
            try
            {
                var outcome = await drift.RunAsync(model.Name, DriftTriggers.Schedule, ct: ct);
                if (outcome.Run is { } run)
                    logger.LogInformation("Drift of {Model} v{Version}: {Status}, share {Share:P0}, score {Score:F2}", run.Model, run.Version, run.Status, run.DriftShare, run.DriftScore);
                else
                    logger.LogDebug("Drift of {Model} skipped: {Message}", model.Name, outcome.Message);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Scheduled drift run of {Model} failed", model.Name);
            }
        }
    }
}
