using Npgsql;
using Portal.Core.Fleet;

namespace Portal.Web.Fleet;

/// <summary>
/// Announces a committed change to every replica with <c>pg_notify('portal_changes', json)</c>. A failure is logged
/// and swallowed: the change is committed, and the other replicas' reconcile pass picks it up.
/// </summary>
public sealed class RegistryChangeAnnouncer(FleetSyncDatabase database, ReplicaIdentity replica, ILogger<RegistryChangeAnnouncer> logger)
    : IRegistryChangeAnnouncer
{
    public async Task AnnounceAsync(RegistryChange change, CancellationToken ct = default)
    {
        var payload = RegistryChangeMessage.Of(change, replica.Id).ToJson();
        try
        {
            await using var command = database.DataSource.CreateCommand("SELECT pg_notify($1, $2)");
            command.Parameters.Add(new NpgsqlParameter { Value = RegistryChangeMessage.Channel });
            command.Parameters.Add(new NpgsqlParameter { Value = payload });
            await command.ExecuteNonQueryAsync(ct);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            logger.LogWarning(ex, "Could not announce {Kind} ({Model}{User}{Key}) to the fleet; the other replicas' reconcile pass will catch up",
                change.Kind, change.Model, change.User, change.Key);
        }
    }
}
