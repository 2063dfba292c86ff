using Microsoft.Extensions.DependencyInjection;
using Portal.Data;

namespace Portal.Tests.Data;

/// <summary>A migrated SQLite file in a temp folder with the real stores, as the app builds them.</summary>
public sealed class SqliteDatabase : IStoreDatabase
{
    private SqliteDatabase(string folder, ServiceProvider services)
    {
        Folder = folder;
        Services = services;
    }

    public string Folder { get; }
    public ServiceProvider Services { get; }
    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public static async Task<SqliteDatabase> CreateAsync()
    {
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "portal-data-tests", Guid.NewGuid().ToString("N"))).FullName;
        var services = new ServiceCollection()
            .AddSingleton(TimeProvider.System)
            .AddPortalData($"Data Source={Path.Combine(folder, "portal.db")}")
            .BuildServiceProvider();
        await services.MigratePortalDatabaseAsync();
        return new SqliteDatabase(folder, services);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
    }
}
