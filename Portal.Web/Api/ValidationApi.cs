using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Core.Validation;
using Portal.Web.Auth;
using Portal.Web.Validation;

namespace Portal.Web.Api;

/// <summary>
/// POST /api/admin/validate (and the contract's GET /api/admin/checks): the post-upgrade checks (seed 002's validate-platform.sh) run inside the portal, one line per
/// check and a verdict. A failed check is an answer, not an error: the response is 200 with verdict "fail".
/// </summary>
public static class ValidationApi
{
    public static RouteGroupBuilder MapValidationApi(this RouteGroupBuilder api)
    {
        api.MapPost("/admin/validate", Validate).RequireAuthorization(Policies.Admin).WithTags("Admin").WithName("ValidatePlatform")
            .WithSummary("Runs the platform's self-checks (health, readiness, database and artefact store writable, every champion's probe row, a tiny training run, a prediction, a drift run, /metrics, anonymous refused) and returns each check's outcome and the verdict; leaves nothing behind.");
        api.MapGet("/admin/checks", Validate).RequireAuthorization(Policies.Admin).WithTags("Admin").WithName("RunPlatformChecks")
            .WithSummary("Runs the platform's self-checks and returns each check's outcome and the verdict (the same as POST /api/admin/validate).");
        return api;
    }

    public static async Task<Ok<ValidationReport>> Validate(ValidationRuns runs, ClaimsPrincipal user, CancellationToken ct) =>
        TypedResults.Ok(await runs.RunAsync(UserNames.Of(user), ct));
}
