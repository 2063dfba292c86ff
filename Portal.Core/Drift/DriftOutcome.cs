namespace Portal.Core.Drift;

/// <summary>A stored drift run, or why there is none (nothing is stored then).</summary>
public sealed record DriftOutcome(DriftRun? Run, DriftFailure Failure, string Message)
{
    public bool Succeeded => Run is not null;

    public static DriftOutcome Success(DriftRun run) => new(run, DriftFailure.None, $"Drift run stored: {run.Status}.");

    public static DriftOutcome Fail(DriftFailure failure, string message) => new(null, failure, message);
}
