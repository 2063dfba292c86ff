namespace Portal.Tests;

/// <summary>A clock tests move by hand: staleness and windows are computed from the injected TimeProvider.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
