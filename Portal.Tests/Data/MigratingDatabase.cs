using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;

namespace Portal.Tests.Data;

/// <summary>
/// A SQLite registry in its own temporary folder for migration tests: migrate it to an older schema, write rows
/// as that schema held them with plain SQL, then migrate it to the latest and read them back through the stores.
/// </summary>
public sealed class MigratingDatabase : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "portal-data-tests", Guid.NewGuid().ToString("N"))).FullName;

    public MigratingDatabase() =>
        Services = new ServiceCollection().AddSingleton(TimeProvider.System).AddPortalData($"Data Source={FilePath}").BuildServiceProvider();

    public ServiceProvider Services { get; }

    public string Folder => _folder;

    private string FilePath => Path.Combine(_folder, "portal.db");

    public IDbContextFactory<PortalDbContext> Contexts => Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();

    /// <summary>Migrates up or down to <paramref name="migration"/>, e.g. "20261122222500_OneTreePredictionLog".</summary>
    public async Task MigrateToAsync(string migration)
    {
        await using var db = await Contexts.CreateDbContextAsync();
        await db.GetService<IMigrator>().MigrateAsync(migration);
    }

    /// <summary>Migrates to the latest schema, as the portal does at start.</summary>
    public Task MigrateToLatestAsync() => Services.MigratePortalDatabaseAsync();

    /// <summary>Runs one SQL statement (or several) against the file, outside EF Core, with named parameters.</summary>
    public async Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new SqliteConnection($"Data Source={FilePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
