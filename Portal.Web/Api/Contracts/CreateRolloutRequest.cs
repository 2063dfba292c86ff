using Portal.Core.Common;
using Portal.Web.Api.Limits;

namespace Portal.Web.Api.Contracts;

/// <summary>
/// A rollout as an admin asks for it (<c>POST /api/models/{name}/rollouts</c>). <see cref="Model"/> is read only by the
/// seed alias <c>POST /api/ml/ab-test/create</c>, whose path names no model. Left-out fields get their defaults.
/// <see cref="GateSource"/>: <c>realized</c> (default) or <c>estimated</c> (gates may be judged on CBPE estimates while labels are few).
/// </summary>
public sealed record CreateRolloutRequest(
    string? Kind,
    int? CandidateVersion,
    List<int>? Steps = null,
    RolloutWeightsBody? Weights = null,
    string? StickyKey = null,
    int? MinSamplesPerStep = null,
    string? MaxDuration = null,
    RollbackOnBody? RollbackOn = null,
    string? Model = null,
    string? GateSource = null) : ILimitedText
{
    public IEnumerable<(string Field, string? Value, int Max)> TextFields() =>
        [("kind", Kind, TextLimits.Name), ("stickyKey", StickyKey, TextLimits.Name + 8), ("maxDuration", MaxDuration, TextLimits.Name), ("model", Model, TextLimits.Name), ("gateSource", GateSource, TextLimits.Name)];
}

public sealed record RolloutWeightsBody(int? Champion, int? Candidate);

public sealed record RollbackOnBody(double? ErrorRateMargin = null, double? P95LatencyMarginMs = null, bool? Gates = null);
