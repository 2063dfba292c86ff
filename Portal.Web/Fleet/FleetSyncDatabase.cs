using Npgsql;

namespace Portal.Web.Fleet;

/// <summary>The fleet's own PostgreSQL connections (announcements and the listener), apart from EF Core's pool.</summary>
public sealed class FleetSyncDatabase(string connectionString) : IAsyncDisposable
{
    /// <summary>The <c>application_name</c> prefix of a listener's connection, followed by its replica id.</summary>
    public const string ListenerApplicationName = "portal-listen";

    public NpgsqlDataSource DataSource { get; } = NpgsqlDataSource.Create(connectionString);

    /// <summary>
    /// A new connection for the listener, unpooled (it is held for the process's life, and one cut by the server must not
    /// come back), named <c>portal-listen {replica}</c> so an operator can find it in <c>pg_stat_activity</c>.
    /// </summary>
    public async Task<NpgsqlConnection> OpenListenerAsync(string replica, CancellationToken ct)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = $"{ListenerApplicationName} {replica}", Pooling = false };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
