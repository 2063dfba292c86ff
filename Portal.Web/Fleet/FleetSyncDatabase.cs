using Npgsql;

namespace Portal.Web.Fleet;

/// <summary>The fleet's own PostgreSQL connections (announcements and the listener), apart from EF Core's pool.</summary>
public sealed class FleetSyncDatabase(string connectionString) : IAsyncDisposable
{
    public NpgsqlDataSource DataSource { get; } = NpgsqlDataSource.Create(connectionString);

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
