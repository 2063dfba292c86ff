using Microsoft.Extensions.Diagnostics.HealthChecks;
using Portal.Core.Serving;

namespace Portal.Web.Background;

/// <summary>Ready when start-up work is done and no champion failed to load.</summary>
public sealed class ServingHealthCheck(StartupState startup, ModelServer server) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!startup.Ready) return Task.FromResult(HealthCheckResult.Unhealthy($"Starting: {startup.Status}."));
        var snapshot = server.Snapshot();
        var broken = snapshot.Where(s => s.Champion is null && s.LastError is not null).ToList();
        if (broken.Count > 0)
            return Task.FromResult(HealthCheckResult.Unhealthy(string.Join(" ", broken.Select(b => $"{b.Model}: {b.LastError}"))));
        var serving = snapshot.Where(s => s.Champion is not null).Select(s => $"{s.Model} v{s.Champion!.Version}");
        return Task.FromResult(HealthCheckResult.Healthy($"Serving {string.Join(", ", serving.DefaultIfEmpty("no models yet"))}."));
    }
}
