using Microsoft.Extensions.DependencyInjection;
using Portal.Tests.Api;

namespace Portal.Tests.Web.Options;

/// <summary>Portal:Database:Provider is sqlite (default) or postgres; anything else stops start-up naming the key.</summary>
public sealed class DatabaseProviderOptionsTests
{
    [Theory]
    [InlineData("mysql")]
    [InlineData("postgresql-ish")]
    public void An_unknown_provider_stops_start_up_naming_the_key_and_the_choices(string provider)
    {
        using var factory = new PortalFactory();
        factory.Settings["Portal:Database:Provider"] = provider;

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient()).ToString();

        Assert.Contains("Portal:Database:Provider", error, StringComparison.Ordinal);
        Assert.Contains($"'{provider}'", error, StringComparison.Ordinal);
        Assert.Contains("sqlite (the default) or postgres", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Postgres_without_a_connection_string_stops_start_up_naming_the_key()
    {
        using var factory = new PortalFactory();
        factory.Settings["Portal:Database:Provider"] = "postgres";
        factory.Settings["ConnectionStrings:Portal"] = "";

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient()).ToString();

        Assert.Contains("ConnectionStrings:Portal", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Sqlite_named_explicitly_in_any_case_is_the_default()
    {
        using var factory = new PortalFactory();
        factory.Settings["Portal:Database:Provider"] = "SQLite";

        using var client = factory.CreateClient();

        Assert.Equal(Portal.Data.DatabaseProvider.Sqlite, factory.Services.GetRequiredService<Portal.Web.Extensions.PortalPaths>().Provider);
    }
}
