namespace Portal.Core.Rollouts;

/// <summary>
/// Which looks are stored, so that a week-long rollout stays small: a look is kept when the rollout's state or step
/// changed since the last kept one, or when at least max(interval, (now - start) / <see cref="PointsPerSpan"/>) passed
/// since it. Early on every look is kept; later the gap grows with the rollout's age, so each span the rollout has
/// lived holds about <see cref="PointsPerSpan"/> points at most (about 500 per e-fold of age: some 2,400 for a week
/// of 30-second looks), and a step change is never thinned away.
/// </summary>
public static class RolloutLookThinning
{
    public const int PointsPerSpan = 500;

    /// <summary>The least time between two kept looks of the same state and step.</summary>
    public static TimeSpan MinGap(TimeSpan interval, DateTimeOffset startedAt, DateTimeOffset now)
    {
        var age = now - startedAt;
        var share = age > TimeSpan.Zero ? age / PointsPerSpan : TimeSpan.Zero;
        return share > interval ? share : interval;
    }

    /// <summary>Whether <paramref name="next"/> is kept after <paramref name="last"/> (the newest kept look, null for none).</summary>
    public static bool Keep(RolloutLook? last, RolloutLook next, DateTimeOffset startedAt, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (last is null || last.State != next.State || last.Step != next.Step) return true;
        return next.At - last.At >= MinGap(interval, startedAt, next.At);
    }
}
