namespace Portal.Web.Background;

/// <summary>
/// Whether start-up work is done: the database initialised (migrations, admin, what serves) and then the demo model.
/// Readiness waits for both.
/// </summary>
public sealed class StartupState
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _initialized = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool Ready => _ready.Task.IsCompleted;
    public string Status { get; private set; } = "starting";

    /// <summary>Completes once start-up is done.</summary>
    public Task WhenReady => _ready.Task;

    /// <summary>
    /// Completes once the database is migrated and what serves is loaded (at once on SQLite; on PostgreSQL when the
    /// server answers, which may be after Kestrel started listening).
    /// </summary>
    public Task WhenInitialized => _initialized.Task;

    public void Set(string status, bool ready)
    {
        Status = status;
        if (ready) _ready.TrySetResult();
    }

    public void SetInitialized() => _initialized.TrySetResult();
}
