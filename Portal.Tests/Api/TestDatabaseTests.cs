using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;

namespace Portal.Tests.Api;

/// <summary>
/// The API suite runs twice in ./test.sh, on SQLite and then with PORTAL_TEST_DATABASE=postgres: this proves each pass
/// really runs on the database it names, so a green PostgreSQL pass cannot be SQLite in disguise.
/// </summary>
public sealed class TestDatabaseTests
{
    [Fact]
    public async Task Factory_RunsOnTheDatabaseTheRunAsksFor()
    {
        await using var factory = new PortalFactory();
        using var client = factory.CreateClient();
        Assert.True((await client.GetAsync("/health/ready")).IsSuccessStatusCode);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var expected = PortalFactory.OnPostgres ? "Npgsql.EntityFrameworkCore.PostgreSQL" : "Microsoft.EntityFrameworkCore.Sqlite";
        Assert.Equal(expected, db.Database.ProviderName);
        Assert.Equal(PortalFactory.OnPostgres, File.Exists(Path.Combine(factory.Root, "portal.db")) is false);
    }
}
