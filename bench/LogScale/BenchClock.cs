namespace LogScale;

/// <summary>The portal's clock, held at the log's end: drift's window is then the same whenever a file is timed.</summary>
internal sealed class BenchClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
