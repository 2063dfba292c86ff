using System.Text.Json;
using Portal.Core.Common;
using Portal.Core.Performance;
using Portal.Core.Rollouts;
using Portal.Web.Api.Contracts;

namespace Portal.Web.Api;

/// <summary>The rollout API's bodies to and from the domain: wire names, durations as text, field-named errors.</summary>
public static class RolloutRequests
{
    /// <summary>The plan a body asks for, or the fields it gets wrong (the plan's own rules are checked after, by the service).</summary>
    public static (RolloutPlan? Plan, IReadOnlyDictionary<string, string[]>? Errors) ToPlan(CreateRolloutRequest body, string? defaultKind)
    {
        var errors = new Dictionary<string, string[]>();
        var kindText = body.Kind ?? defaultKind;
        RolloutKind kind = default;
        if (kindText is null) errors["kind"] = ["is required: canary, ab or shadow."];
        else if (!RolloutNames.TryParse(kindText, out kind)) errors["kind"] = [$"'{kindText}' is not a rollout kind: use canary, ab or shadow."];
        if (body.CandidateVersion is null) errors["candidateVersion"] = ["is required: the version to roll out."];

        RolloutStickyKey? sticky = null;
        if (body.StickyKey is not null && !RolloutStickyKey.TryParse(body.StickyKey, out sticky))
            errors["stickyKey"] = [$"'{body.StickyKey}' is not a sticky key: use header (the {RolloutStickyKey.HeaderName} header) or feature:NAME."];

        TimeSpan? maxDuration = null;
        if (body.MaxDuration is not null)
        {
            if (DurationText.TryParse(body.MaxDuration, out var parsed)) maxDuration = parsed;
            else errors["maxDuration"] = [$"'{body.MaxDuration}' is not a duration: write e.g. 30m, 24h, 7d or P7D."];
        }

        RolloutWeights? weights = null;
        if (body.Weights is { } w)
        {
            if (w.Champion is null || w.Candidate is null) errors["weights"] = ["must give both champion and candidate, in percent (e.g. 50 and 50)."];
            else weights = new RolloutWeights(w.Champion.Value, w.Candidate.Value);
        }

        if (errors.Count > 0) return (null, errors);
        var rollback = body.RollbackOn is { } r
            ? new RollbackPolicy(r.ErrorRateMargin ?? RolloutDefaults.ErrorRateMargin, r.P95LatencyMarginMs ?? RolloutDefaults.P95LatencyMarginMs, r.Gates ?? true)
            : null;
        return (new RolloutPlan(kind, body.CandidateVersion!.Value, body.Steps, weights, sticky, body.MinSamplesPerStep, maxDuration, rollback, body.GateSource), null);
    }

    public static RolloutResponse ToResponse(Rollout r, RolloutLiveCounts? live)
    {
        var plan = r.Plan;
        var rollback = plan.RollbackOn ?? RollbackPolicy.Default;
        return new RolloutResponse(r.Id, r.Model, RolloutNames.Of(r.Kind), RolloutNames.Of(r.State), r.ChampionVersion, r.CandidateVersion,
            r.CurrentStep, r.CandidateBasisPoints / 100.0, plan.Steps, plan.Weights is { } w ? new RolloutWeightsBody(w.Champion, w.Candidate) : null,
            plan.StickyKey?.ToString(), plan.MinSamplesPerStep ?? RolloutDefaults.MinSamplesPerStep, DurationText.Format(plan.MaxDuration ?? RolloutDefaults.MaxDuration),
            new RollbackOnBody(rollback.ErrorRateMargin, rollback.P95LatencyMarginMs, rollback.Gates), plan.GateSource ?? PerformanceSource.Realized,
            r.StartedAt, r.UpdatedAt, r.EndedAt, r.Reason, r.StartedBy, live);
    }

    /// <summary>Stored evidence JSON as a JSON value in the response (not a string holding JSON).</summary>
    public static JsonElement? Json(string? json)
    {
        if (string.IsNullOrEmpty(json)) return null;
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
