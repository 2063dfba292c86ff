namespace Portal.Core.Training;

/// <summary>What <see cref="TrainingService.CancelAsync"/> did.</summary>
public enum CancelOutcome
{
    /// <summary>No run has that id.</summary>
    NotFound,

    /// <summary>The run had already ended (succeeded, failed or cancelled): nothing to cancel.</summary>
    AlreadyFinished,

    /// <summary>The run was still queued: it is cancelled and will never train.</summary>
    Cancelled,

    /// <summary>The run is training: its token is cancelled and it ends Cancelled at the next check (between folds at least).</summary>
    Cancelling,
}
