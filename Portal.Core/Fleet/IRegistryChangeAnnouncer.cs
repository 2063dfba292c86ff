namespace Portal.Core.Fleet;

/// <summary>
/// Tells the other replicas of a fleet about a committed change (PostgreSQL NOTIFY in Portal.Web). Absent on a single
/// process: nothing else holds state to refresh. A failed announcement must not fail the change that was committed;
/// the periodic reconcile catches up.
/// </summary>
public interface IRegistryChangeAnnouncer
{
    Task AnnounceAsync(RegistryChange change, CancellationToken ct = default);
}
