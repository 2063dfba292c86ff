namespace Portal.Core.Rollouts;

/// <summary>
/// When the candidate is rolled back on its own (the plan's <c>rollbackOn</c>): its error rate exceeds the champion's by
/// more than <see cref="ErrorRateMargin"/> (a fraction: 0.01 is one percentage point), its p95 latency exceeds the
/// champion's by more than <see cref="P95LatencyMarginMs"/>, or, with <see cref="Gates"/> on, its realized metrics
/// (from the labels that arrive) breach one of the model's evaluation gates.
/// </summary>
public sealed record RollbackPolicy(
    double ErrorRateMargin = RolloutDefaults.ErrorRateMargin,
    double P95LatencyMarginMs = RolloutDefaults.P95LatencyMarginMs,
    bool Gates = true)
{
    public static RollbackPolicy Default { get; } = new();
}
