using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Portal.Core.Drift;
using Portal.Core.Serving;
using Portal.Core.Validation;
using Portal.Data;
using Portal.Web.Api;
using Portal.Web.Extensions;
using Portal.Web.Metrics;

namespace Portal.Web.Validation;

/// <summary>
/// The checks an operator runs after an upgrade, in order, against this running portal: the health checks /health uses,
/// the database and artefact store writable, every champion answering its probe row, a tiny training run, a prediction,
/// a drift computation, the /metrics renderer and the authorization of /api/models. Nothing is left behind.
/// </summary>
public sealed class PlatformValidation(
    PlatformValidator validator,
    HealthCheckService health,
    PortalPaths paths,
    Portal.Web.Artefacts.ArtefactBackend artefacts,
    ModelServer server,
    DriftService drift,
    PortalMetrics metrics,
    EndpointDataSource endpoints,
    IAuthorizationPolicyProvider policies,
    IAuthorizationService authorization,
    IDbContextFactory<PortalDbContext> databases)
{
    /// <summary>The endpoint whose authorization the last check evaluates (GET /api/models).</summary>
    public const string GuardedEndpoint = "ListModels";

    public TimeSpan Timeout { get; init; } = PlatformValidator.DefaultTimeout;

    public Task<ValidationReport> RunAsync(CancellationToken ct = default) => validator.RunAsync(Steps(), Timeout, ct);

    private IEnumerable<ValidationStep> Steps()
    {
        yield return new ValidationStep("health (live)", async ct =>
        {
            // /health/live runs no check: the process answering is the point. The same service answers here.
            var report = await health.CheckHealthAsync(_ => false, ct);
            return report.Status == HealthStatus.Healthy ? CheckResult.Pass("the process answers.") : CheckResult.Fail($"live: {report.Status}.");
        });
        yield return new ValidationStep("readiness", async ct =>
        {
            var report = await health.CheckHealthAsync(c => c.Tags.Contains(HealthApi.ReadyTag), ct);
            var entries = string.Join(" ", report.Entries.Select(e => $"{e.Key}: {e.Value.Status}{(e.Value.Description is { } d ? $" ({d})" : "")}."));
            return report.Status == HealthStatus.Healthy ? CheckResult.Pass(entries) : CheckResult.Fail(entries);
        });
        yield return new ValidationStep("database writable", DatabaseWritableAsync);
        if (artefacts.Cache is { } cache)
        {
            // Datasets share the bucket; what stays local is the cache of fetched objects.
            yield return CoreChecks.StoreWritable("artefact store writable", artefacts.Models);
            yield return CoreChecks.FolderWritable("artefact cache writable", cache.Folder);
        }
        else
        {
            yield return CoreChecks.FolderWritable("artefact store writable", paths.ModelsPath);
            yield return CoreChecks.FolderWritable("datasets folder writable", paths.DatasetsPath);
        }
        foreach (var probe in CoreChecks.ChampionProbes(server)) yield return probe;
        yield return CoreChecks.TinyTraining();
        yield return CoreChecks.Prediction(server);
        yield return CoreChecks.Drift(server, drift);
        yield return new ValidationStep("metrics endpoint", MetricsRenderAsync);
        yield return new ValidationStep("anonymous request refused", AnonymousRefusedAsync);
    }

    /// <summary>
    /// Writes a throwaway table in a transaction, then rolls back (both engines roll DDL back): the database takes writes
    /// (on SQLite the write lock is taken, so the file is writable) and nothing stays.
    /// </summary>
    private async Task<CheckResult> DatabaseWritableAsync(CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlRawAsync("CREATE TABLE portal_validation_probe (at TEXT NOT NULL)", ct);
        await db.Database.ExecuteSqlRawAsync("INSERT INTO portal_validation_probe VALUES ('probe')", ct);
        await transaction.RollbackAsync(ct);
        var where = paths.Provider == DatabaseProvider.Sqlite ? paths.DatabaseFile : "the PostgreSQL database";
        return CheckResult.Pass($"{where}: a throwaway table was written in a transaction and rolled back.");
    }

    /// <summary>The renderer GET /metrics uses, into memory.</summary>
    private async Task<CheckResult> MetricsRenderAsync(CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await metrics.Registry.CollectAndExportAsTextAsync(buffer, ct);
        var text = System.Text.Encoding.UTF8.GetString(buffer.ToArray());
        var series = text.Split('\n').Count(l => l.Length > 0 && l[0] != '#');
        return text.Contains("# TYPE http_requests_total", StringComparison.Ordinal)
            ? CheckResult.Pass($"rendered {series} samples ({buffer.Length} bytes).")
            : CheckResult.Fail("the rendered text has no http_requests_total series.");
    }

    /// <summary>
    /// Evaluates the authorization GET /api/models really has (its endpoint metadata and policies) for a caller without
    /// credentials; a loopback HTTP call is left to `portal validate`, since the listening address may not be reachable
    /// from inside (a proxy, a container port, TLS).
    /// </summary>
    private async Task<CheckResult> AnonymousRefusedAsync(CancellationToken ct)
    {
        var endpoint = endpoints.Endpoints.FirstOrDefault(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName == GuardedEndpoint);
        if (endpoint is null) return CheckResult.Fail($"the {GuardedEndpoint} endpoint (GET /api/models) is not mapped.");
        if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null) return CheckResult.Fail("GET /api/models allows anonymous requests.");
        var policy = await AuthorizationPolicy.CombineAsync(policies, endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>(),
            endpoint.Metadata.GetOrderedMetadata<AuthorizationPolicy>());
        if (policy is null) return CheckResult.Fail("GET /api/models has no authorization policy.");
        var anonymous = new ClaimsPrincipal(new ClaimsIdentity());
        var result = await authorization.AuthorizeAsync(anonymous, null, policy);
        ct.ThrowIfCancellationRequested();
        return result.Succeeded
            ? CheckResult.Fail("GET /api/models authorizes a caller without credentials.")
            : CheckResult.Pass($"GET /api/models refuses a caller without credentials ({(policy.Requirements.Any(r => r is DenyAnonymousAuthorizationRequirement) ? "authenticated user required" : "policy not met")}).");
    }
}
