using System.Net;
using System.Net.Http.Json;
using Portal.Core.Auth;

namespace Portal.Tests.Api;

/// <summary>Each test starts its own portal, so "the last admin" is exactly the bootstrap admin.</summary>
public sealed class UsersLastAdminTests
{
    [Theory]
    [InlineData("{\"role\":\"Viewer\"}")]
    [InlineData("{\"role\":\"DataScientist\"}")]
    [InlineData("{\"disabled\":true}")]
    public async Task UpdateUser_LastEnabledAdmin_Returns409AndChangesNothing(string json)
    {
        await using var factory = new PortalFactory();
        using var admin = await factory.ClientForAsync(Roles.Admin);

        var response = await admin.PutAsync("/api/users/admin", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("last enabled admin", (await response.JsonAsync()).GetProperty("detail").GetString());
        var user = await (await admin.GetAsync("/api/users/admin")).JsonAsync();
        Assert.Equal(Roles.Admin, user.GetProperty("role").GetString());
        Assert.False(user.GetProperty("disabled").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/keys")).StatusCode);
    }

    [Fact]
    public async Task UpdateUser_AdminWhenAnotherAdminIsDisabled_Returns409()
    {
        await using var factory = new PortalFactory();
        using var admin = await factory.ClientForAsync(Roles.Admin);
        await admin.PostAsJsonAsync("/api/users", new { userName = "second", password = PortalFactory.UserPassword, role = Roles.Admin });
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/users/second", new { disabled = true })).StatusCode);

        var response = await admin.PutAsJsonAsync("/api/users/admin", new { role = Roles.Viewer });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task UpdateUser_AdminWithAnotherEnabledAdmin_CanBeDemoted()
    {
        await using var factory = new PortalFactory();
        using var admin = await factory.ClientForAsync(Roles.Admin);
        await admin.PostAsJsonAsync("/api/users", new { userName = "second", password = PortalFactory.UserPassword, role = Roles.Admin });

        var response = await admin.PutAsJsonAsync("/api/users/admin", new { role = Roles.Viewer });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The admin just demoted themselves: their own token no longer reaches admin endpoints, and "second" is now the last admin.
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync("/api/users")).StatusCode);
        using var second = factory.CreateClient();
        second.DefaultRequestHeaders.Authorization = new("Bearer", await factory.TokenAsync("second", PortalFactory.UserPassword));
        Assert.Equal(HttpStatusCode.Conflict, (await second.PutAsJsonAsync("/api/users/second", new { disabled = true })).StatusCode);
    }
}
