using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Core.Privacy;
using Portal.Web.Api.Contracts;
using Portal.Web.Auth;

namespace Portal.Web.Api;

/// <summary>
/// The PII backfill (seed 004's scrub_history.py): re-applies the current redaction rules to the whole prediction log.
/// A dry run counts and changes nothing; a real run is a background job, watched through GET.
/// </summary>
public static class PrivacyApi
{
    public const string Path = "/admin/pii-scrub";

    public static RouteGroupBuilder MapPrivacyApi(this RouteGroupBuilder api)
    {
        api.MapPost(Path, Scrub).RequireAuthorization(Policies.Admin).WithTags("Admin").WithName("PiiScrub")
            .WithSummary("Re-apply the current PII redaction rules to the whole prediction log: dryRun=true counts (200), dryRun=false starts the job (202; 409 while one runs).")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet(Path, Status).RequireAuthorization(Policies.Admin).WithTags("Admin").WithName("PiiScrubStatus")
            .WithSummary("The newest PII scrub job: status, counts so far, cursor, who started it and when (404 when none ever ran).")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    public static async Task<Results<Ok<PiiScrubDryRunResponse>, Accepted<PiiScrubJobResponse>, ProblemHttpResult>> Scrub(
        string? dryRun, PiiScrubber scrubber, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!bool.TryParse(dryRun, out var dry))
            return ApiProblems.Invalid("dryRun", "dryRun must be true (count only) or false (redact): say which.");
        if (dry)
        {
            var report = await scrubber.DryRunAsync(ct);
            return TypedResults.Ok(new PiiScrubDryRunResponse(true, report.Scanned, report.RedactedRows, report.Fields));
        }

        var job = await scrubber.StartAsync(UserNames.Of(user), ct);
        if (job is null) return ApiProblems.Conflict("A PII scrub is running already: watch it with GET /api/admin/pii-scrub.");
        return TypedResults.Accepted("/api" + Path, PiiScrubJobResponse.From(job));
    }

    public static async Task<Results<Ok<PiiScrubJobResponse>, ProblemHttpResult>> Status(PiiScrubber scrubber, CancellationToken ct) =>
        await scrubber.GetAsync(ct) is { } job ? TypedResults.Ok(PiiScrubJobResponse.From(job)) : ApiProblems.NotFound("No PII scrub has been started.");
}
