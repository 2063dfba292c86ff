using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Portal.Data;
using Portal.Tests.Hosting;

namespace Portal.Tests.Data;

/// <summary>A migrated database of its own on the run's <see cref="PostgresCluster"/>, with the real stores, as the app builds them.</summary>
public sealed class PostgresDatabase : IStoreDatabase
{
    private PostgresDatabase(string folder, string connectionString, ServiceProvider services)
    {
        Folder = folder;
        ConnectionString = connectionString;
        Services = services;
    }

    public string Folder { get; }
    public string ConnectionString { get; }
    public ServiceProvider Services { get; }
    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public static async Task<PostgresDatabase> CreateAsync()
    {
        var connectionString = await PostgresCluster.Instance.CreateDatabaseAsync();
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "portal-data-tests", Guid.NewGuid().ToString("N"))).FullName;
        var services = new ServiceCollection()
            .AddSingleton(TimeProvider.System)
            .AddPortalData(DatabaseProvider.Postgres, connectionString)
            .BuildServiceProvider();
        await services.MigratePortalDatabaseAsync();
        return new PostgresDatabase(folder, connectionString, services);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        // The database stays until the cluster goes; its idle pooled connections go now, so many classes stay under max_connections.
        NpgsqlConnection.ClearPool(new NpgsqlConnection(ConnectionString));
        Directory.Delete(Folder, recursive: true);
    }
}
