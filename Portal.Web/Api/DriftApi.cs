using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Core.Drift;
using Portal.Web.Api.Contracts;
using Portal.Web.Auth;

namespace Portal.Web.Api;

/// <summary>Drift monitors: run on demand, the latest run, the history and a self-contained HTML report.</summary>
public static class DriftApi
{
    public static RouteGroupBuilder MapDriftApi(this RouteGroupBuilder api)
    {
        var drift = api.MapGroup("/models/{name}/drift").WithTags("Monitoring");
        drift.MapPost("/run", Run).RequireAuthorization(Policies.DataScientist).WithName("RunDrift")
            .WithSummary("Compare the predictions logged in the drift window with the training data of the champion (or '?version=') and store the run.");
        drift.MapGet("/", Latest).WithName("GetLatestDrift").WithSummary("The latest drift run.");
        drift.MapGet("/history", History).WithName("GetDriftHistory").WithSummary("Stored drift runs, newest first ('?take=', default 50).");
        drift.MapGet("/report", Report).WithName("GetDriftReport")
            .WithSummary("The latest drift run as a self-contained HTML report (inline CSS and SVG; opens offline).")
            .Produces<string>(StatusCodes.Status200OK, DriftReportHtml.ContentType);
        return api;
    }

    public static async Task<Results<Ok<DriftRunResponse>, ProblemHttpResult>> Run(string name, int? version, DriftService drift, CancellationToken ct)
    {
        var outcome = await drift.RunAsync(name, DriftTriggers.Manual, version, ct);
        return outcome.Run is { } run ? TypedResults.Ok(ToResponse(run)) : Problem(outcome);
    }

    public static async Task<Results<Ok<DriftRunResponse>, ProblemHttpResult>> Latest(string name, DriftService drift, CancellationToken ct) =>
        await drift.LatestAsync(name, ct) is { } run ? TypedResults.Ok(ToResponse(run)) : ApiProblems.NotFound($"Model '{name}' has no drift run yet.");

    public static async Task<Ok<List<DriftRunResponse>>> History(string name, int? take, DriftService drift, CancellationToken ct) =>
        TypedResults.Ok((await drift.HistoryAsync(name, take ?? 50, ct)).Select(ToResponse).ToList());

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> Report(string name, DriftService drift, CancellationToken ct) =>
        await drift.LatestAsync(name, ct) is { } run
            ? TypedResults.Text(DriftReportHtml.Render(run), DriftReportHtml.ContentType, Encoding.UTF8)
            : ApiProblems.NotFound($"Model '{name}' has no drift run yet.");

    public static DriftRunResponse ToResponse(DriftRun r) => new(
        r.Id, r.Model, r.Version, r.At, new DriftWindowResponse(r.WindowFrom, r.WindowTo, r.Rows), r.ReferenceRows, r.DriftShare, r.DatasetDrift,
        r.Status, r.DriftScore, r.Trigger,
        r.Report.Features.Select(f => new DriftFeatureResponse(f.Name, f.Type, f.Test, f.Statistic, f.PValue, f.Threshold, f.Drifted, f.Psi, f.MeanShiftSigma)).ToList());

    private static ProblemHttpResult Problem(DriftOutcome outcome) => outcome.Failure switch
    {
        DriftFailure.UnknownModel or DriftFailure.UnknownVersion => ApiProblems.NotFound(outcome.Message),
        DriftFailure.NoChampion => ApiProblems.Conflict(outcome.Message),
        DriftFailure.NotEnoughRows => ApiProblems.Status(StatusCodes.Status422UnprocessableEntity, "Not enough predictions in the window", outcome.Message),
        _ => ApiProblems.Status(StatusCodes.Status422UnprocessableEntity, "Drift cannot be computed", outcome.Message),
    };
}
