using Microsoft.Extensions.Options;
using Portal.Core.Retraining;
using Portal.Core.Fleet;
using Portal.Web.Extensions;
using Portal.Web.Fleet;

namespace Portal.Web.Background;

/// <summary>
/// Every <c>Portal:Retraining:CheckIntervalSeconds</c> (waiting on the injected <see cref="TimeProvider"/>) carries on the
/// pipelines whose run has ended and starts the retrains whose triggers fire; <c>Portal:Retraining:Enabled</c> false
/// starts none. Only the replica holding the retraining lease runs the passes. Each start is logged at Information; a failing pass is logged and tried again at the next tick.
/// </summary>
public sealed class RetrainingScheduler : BackgroundService
{
    private readonly RetrainingService _retraining;
    private readonly IOptions<PortalOptions> _options;
    private readonly FleetLeases _leases;
    private readonly TimeProvider _time;
    private readonly ILogger<RetrainingScheduler> _logger;

    public RetrainingScheduler(RetrainingService retraining, IOptions<PortalOptions> options, FleetLeases leases, TimeProvider time, ILogger<RetrainingScheduler> logger)
    {
        (_retraining, _options, _leases, _time, _logger) = (retraining, options, leases, time, logger);
        retraining.Faulted += (subject, ex) => logger.LogError(ex, "Retraining of {Subject} failed unexpectedly", subject);
        retraining.PipelineChanged += p =>
        {
            if (p.FinishedAt is not null)
                logger.LogInformation("Retrain pipeline {Pipeline} of {Model} ({Trigger}) ended {Status}: {Outcome}", p.Id, p.Model, p.Trigger, p.Status, p.Outcome ?? p.Reason);
        };
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(_options.Value.Retraining.CheckIntervalSeconds);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(interval, _time, stoppingToken);
                if (await _leases.HoldsAsync(LeaseNames.Retraining, stoppingToken)) await RunOnceAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>One pass over every policy (tests call it after moving the clock).</summary>
    public async Task<IReadOnlyList<RetrainPipeline>> RunOnceAsync(CancellationToken ct)
    {
        try
        {
            var started = await _retraining.RunOnceAsync(_options.Value.Retraining.Enabled, ct);
            foreach (var p in started)
                _logger.LogInformation("Retrain pipeline {Pipeline} of {Model} started by {Trigger}", p.Id, p.Model, p.Trigger);
            return started;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogError(ex, "The retraining pass failed; it tries again in {Seconds} s", _options.Value.Retraining.CheckIntervalSeconds);
            return [];
        }
    }
}
