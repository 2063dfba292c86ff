namespace Portal.Core.Training;

public enum RunStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,

    /// <summary>Stopped by a person (DELETE /api/runs/{id}) before it registered anything.</summary>
    Cancelled,
}
