using Microsoft.Extensions.Options;
using Portal.Core.Rollouts;
using Portal.Core.Fleet;
using Portal.Web.Extensions;
using Portal.Web.Fleet;

namespace Portal.Web.Background;

/// <summary>
/// The decision loop: every <c>Portal:Rollouts:DecisionIntervalSeconds</c> it judges each active rollout on its live
/// evidence (<see cref="RolloutDecider"/>) on the replica holding the rollouts lease, waiting on the injected <see cref="TimeProvider"/>. Each decision is logged at
/// Information (a few per rollout, never per request); a failing look is logged and tried again at the next tick.
/// </summary>
public sealed class RolloutDecisionWorker(RolloutDecider decider, IOptions<PortalOptions> options, FleetLeases leases, TimeProvider time, ILogger<RolloutDecisionWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(options.Value.Rollouts.DecisionIntervalSeconds);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(interval, time, stoppingToken);
                if (await leases.HoldsAsync(LeaseNames.Rollouts, stoppingToken)) await LookAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task LookAsync(CancellationToken ct)
    {
        try
        {
            foreach (var rollout in await decider.DecideAllAsync(ct))
                logger.LogInformation("Rollout {Rollout} of {Model} v{Version}: {State} at step {Step}: {Reason}",
                    rollout.Id, rollout.Model, rollout.CandidateVersion, RolloutNames.Of(rollout.State), rollout.CurrentStep, rollout.Reason);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "The rollout decision loop failed; it tries again in {Seconds} s", options.Value.Rollouts.DecisionIntervalSeconds);
        }
    }
}
