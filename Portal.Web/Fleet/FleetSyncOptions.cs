namespace Portal.Web.Fleet;

/// <summary>How the replicas of a fleet on PostgreSQL agree (configuration section <c>Portal:Fleet</c>).</summary>
public sealed class FleetSyncOptions
{
    public const string Section = "Portal:Fleet";

    /// <summary>Seconds between two reconcile passes, the fallback for a missed announcement.</summary>
    public int ReconcileSeconds { get; set; } = 10;

    /// <summary>Listens for other replicas' announcements; off only to test (or to rely on) the reconcile pass alone.</summary>
    public bool Listen { get; set; } = true;
}
