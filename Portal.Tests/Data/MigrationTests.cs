using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;

namespace Portal.Tests.Data;

public sealed class MigrationTests
{
    [Fact]
    public async Task Migrate_FreshFile_CreatesEveryTableInWalMode()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        await using var db = await database.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        var tables = await db.Database.SqlQueryRaw<string>("SELECT name AS Value FROM sqlite_master WHERE type = 'table'").ToListAsync();
        foreach (var table in new[] { "Datasets", "Models", "ModelVersions", "ModelAliases", "AliasHistory", "TrainingRuns", "Predictions", "ApiKeys", "AspNetUsers", "AspNetRoles" })
            Assert.Contains(table, tables);
        var journal = await db.Database.SqlQueryRaw<string>("SELECT journal_mode AS Value FROM pragma_journal_mode").SingleAsync();
        Assert.Equal("wal", journal);
    }

    [Fact]
    public async Task Model_MatchesTheLastMigration()
    {
        // A changed entity without a new migration would make the app's schema differ from the database's.
        await using var database = await SqliteDatabase.CreateAsync();
        await using var db = await database.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.False(db.Database.HasPendingModelChanges(), "Run `dotnet ef migrations add <Name> --project Portal.Data`.");
    }
}
