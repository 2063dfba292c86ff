namespace Portal.Web.Background;

/// <summary>Whether start-up work (loading champions, training the demo model) is done: readiness waits for it.</summary>
public sealed class StartupState
{
    private volatile bool _ready;
    public bool Ready => _ready;
    public string Status { get; private set; } = "starting";

    public void Set(string status, bool ready)
    {
        Status = status;
        _ready = ready;
    }
}
