using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Core.Audit;
using Portal.Core.Validation;
using Portal.Web.Auth;
using Portal.Web.Validation;

namespace Portal.Web.Api;

/// <summary>
/// POST /api/admin/validate: the post-upgrade checks (seed 002's validate-platform.sh) run inside the portal, one line per
/// check and a verdict. A failed check is an answer, not an error: the response is 200 with verdict "fail".
/// </summary>
public static class ValidationApi
{
    public static RouteGroupBuilder MapValidationApi(this RouteGroupBuilder api)
    {
        api.MapPost("/admin/validate", Validate).RequireAuthorization(Policies.Admin).WithTags("Admin").WithName("ValidatePlatform")
            .WithSummary("Runs the platform's self-checks (health, readiness, database and artefact store writable, every champion's probe row, a tiny training run, a prediction, a drift run, /metrics, anonymous refused) and returns each check's outcome and the verdict; leaves nothing behind.");
        return api;
    }

    public static async Task<Ok<ValidationReport>> Validate(PlatformValidation validation, IAuditLog audit, ClaimsPrincipal user, CancellationToken ct)
    {
        var report = await validation.RunAsync(ct);
        await RecordAsync(audit, UserNames.Of(user), report, ct);
        return TypedResults.Ok(report);
    }

    /// <summary>The audit entry of a run (the System page records its runs the same way).</summary>
    public static Task RecordAsync(IAuditLog audit, string user, ValidationReport report, CancellationToken ct) =>
        audit.RecordAsync(user, AuditActions.PlatformValidated, report.Verdict, new
        {
            report.Verdict,
            report.DurationMs,
            failed = report.Checks.Where(c => c.Outcome == CheckOutcomes.Fail).Select(c => c.Name).ToList(),
            checks = report.Checks.Count,
        }, ct);
}
