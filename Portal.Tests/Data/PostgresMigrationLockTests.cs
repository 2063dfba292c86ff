using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Portal.Data;
using Portal.Tests.Hosting;

namespace Portal.Tests.Data;

/// <summary>Replicas starting together on one fresh PostgreSQL database: both migrate without error, and each migration is applied once.</summary>
public sealed class PostgresMigrationLockTests
{
    [Fact]
    public async Task Two_migrations_at_once_on_a_fresh_database_both_succeed_and_apply_the_schema_once()
    {
        var connectionString = await PostgresCluster.Instance.CreateDatabaseAsync();
        await using var a = new ServiceCollection().AddSingleton(TimeProvider.System).AddPortalData(DatabaseProvider.Postgres, connectionString).BuildServiceProvider();
        await using var b = new ServiceCollection().AddSingleton(TimeProvider.System).AddPortalData(DatabaseProvider.Postgres, connectionString).BuildServiceProvider();

        await Task.WhenAll(Task.Run(() => a.MigratePortalDatabaseAsync()), Task.Run(() => b.MigratePortalDatabaseAsync()));

        await using var db = await a.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var known = db.Database.GetMigrations().ToList();
        Assert.NotEmpty(known);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\" ORDER BY \"MigrationId\"", connection);
        var applied = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) applied.Add(reader.GetString(0));
        Assert.Equal(known, applied);
        // The lock is released: a third start migrates (nothing) at once.
        await a.MigratePortalDatabaseAsync();
    }
}
