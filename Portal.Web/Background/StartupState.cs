namespace Portal.Web.Background;

/// <summary>Whether start-up work (loading champions, training the demo model) is done: readiness waits for it.</summary>
public sealed class StartupState
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool Ready => _ready.Task.IsCompleted;
    public string Status { get; private set; } = "starting";

    /// <summary>Completes once start-up is done.</summary>
    public Task WhenReady => _ready.Task;

    public void Set(string status, bool ready)
    {
        Status = status;
        if (ready) _ready.TrySetResult();
    }
}
