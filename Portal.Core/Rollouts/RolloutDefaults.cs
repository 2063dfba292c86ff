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

    /// <summary>More steps than this is a typo, not a plan.</summary>
    public const int MaxSteps = 20;
}
