namespace Portal.Core.Training;

public enum RunStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
}
