namespace Portal.Core.Rollouts;

/// <summary>
/// What a plan gets when a field is left out, and the bounds validation holds it to (<see cref="RolloutPlanValidation"/>).
/// </summary>
public static class RolloutDefaults
{
    /// <summary>Canary steps in percent: a small first exposure, then a quarter, half, everyone.</summary>
    public static IReadOnlyList<int> CanarySteps { get; } = [5, 25, 50, 100];

    /// <summary>A/B weights: an even split, which reaches a verdict soonest.</summary>
    public static RolloutWeights AbWeights { get; } = new(50, 50);

    /// <summary>Predictions the candidate must serve (or, for shadow, score) at a step before a decision moves it.</summary>
    public const int MinSamplesPerStep = 500;

    public const int MinSamplesPerStepFloor = 10;
    public const int MinSamplesPerStepCeiling = 10_000_000;

    /// <summary>A rollout that has not decided within this ends as inconclusive, changing nothing.</summary>
    public static TimeSpan MaxDuration { get; } = TimeSpan.FromDays(7);

    public static TimeSpan MaxDurationFloor { get; } = TimeSpan.FromMinutes(1);
    public static TimeSpan MaxDurationCeiling { get; } = TimeSpan.FromDays(90);

    /// <summary>One percentage point more errors than the champion rolls the candidate back.</summary>
    public const double ErrorRateMargin = 0.01;

    /// <summary>Five milliseconds more p95 latency than the champion rolls the candidate back (the predict path's p99 budget).</summary>
    public const double P95LatencyMarginMs = 5;

    public const double P95LatencyMarginCeilingMs = 60_000;

    /// <summary>
    /// Labelled rows each arm needs before realized metrics judge it (gates, the shadow's paired tests):
    /// max(this, MinSamplesPerStep / 10), see <see cref="LabelledFloor"/>. An AUC on fewer is mostly noise.
    /// </summary>
    public const int MinLabelledPerArm = 30;

    /// <summary>The labelled rows per arm a plan's realized metrics need: max(30, MinSamplesPerStep / 10).</summary>
    public static int LabelledFloor(RolloutPlan plan) =>
        Math.Max(MinLabelledPerArm, (plan.MinSamplesPerStep ?? MinSamplesPerStep) / 10);

    /// <summary>Requests in the step's window before the sample ratio is judged, and the fewest any arm is expected to get (chi-square's rule of five).</summary>
    public const int MinSampleRatioRequests = 100;

    public const double MinSampleRatioExpected = 5;

    /// <summary>Candidate attempts (served + failed) before its error rate is judged: one failure in ten is not yet a rate.</summary>
    public const int MinErrorAttempts = 100;

    /// <summary>Rows per arm before the p95 latencies are compared (a p95 of fewer rows is its few slowest).</summary>
    public const int MinLatencyRows = 50;

    /// <summary>The mSPRT on labelled accuracy: tau near the smallest change that matters (5 points), alpha 5%.</summary>
    public const double SequentialTau = 0.05;

    public const double SequentialAlpha = 0.05;

    /// <summary>
    /// The shadow's paired tests (McNemar, DeLong) are fixed-horizon tests looked at again at every decision, so they
    /// judge at 1%, not 5%, to keep repeated looks from rolling back a candidate that is only unlucky.
    /// </summary>
    public const double PairedAlpha = 0.01;

    /// <summary>More steps than this is a typo, not a plan.</summary>
    public const int MaxSteps = 20;
}
