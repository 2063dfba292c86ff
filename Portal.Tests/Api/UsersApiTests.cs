using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Portal.Core.Auth;

namespace Portal.Tests.Api;

public sealed class UsersApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Password = "Fresh-pass-1";

    [Fact]
    public async Task CreateUser_Valid_Returns201AndIsListed()
    {
        using var admin = await factory.ClientForAsync(Roles.Admin);
        var name = NewName("ds");

        var created = await admin.PostAsJsonAsync("/api/users", new { userName = name, password = Password, role = Roles.DataScientist });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/users/{name}", created.Headers.Location?.ToString());
        var body = await created.JsonAsync();
        Assert.Equal(name, body.GetProperty("userName").GetString());
        Assert.Equal(Roles.DataScientist, body.GetProperty("role").GetString());
        Assert.False(body.GetProperty("disabled").GetBoolean());
        var list = await (await admin.GetAsync("/api/users")).JsonAsync();
        var listed = list.EnumerateArray().Single(u => u.GetProperty("userName").GetString() == name);
        Assert.Equal(Roles.DataScientist, listed.GetProperty("role").GetString());
        Assert.Contains(list.EnumerateArray(), u => u.GetProperty("userName").GetString() == "admin" && u.GetProperty("role").GetString() == Roles.Admin);
        Assert.NotNull(await factory.TokenAsync(name, Password));
    }

    [Theory]
    [InlineData(null, Password, Roles.Viewer, "userName")]
    [InlineData("someone", null, Roles.Viewer, "password")]
    [InlineData("someone", "short", Roles.Viewer, "password")]
    [InlineData("someone", Password, "Superuser", "role")]
    [InlineData("bad name!", Password, Roles.Viewer, "userName")]
    public async Task CreateUser_InvalidField_Returns400NamingIt(string? userName, string? password, string role, string field)
    {
        using var admin = await factory.ClientForAsync(Roles.Admin);

        var response = await admin.PostAsJsonAsync("/api/users", new { userName, password, role });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty(field, out _), $"errors should name {field}");
    }

    [Fact]
    public async Task CreateUser_NameTaken_Returns409()
    {
        using var admin = await factory.ClientForAsync(Roles.Admin);

        var response = await admin.PostAsJsonAsync("/api/users", new { userName = "admin", password = Password, role = Roles.Viewer });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task UpdateUser_RoleAndDisabled_Returns200WithNewState()
    {
        using var admin = await factory.ClientForAsync(Roles.Admin);
        var name = await CreateAsync(admin, Roles.Viewer);

        var promoted = await admin.PutAsJsonAsync($"/api/users/{name}", new { role = Roles.DataScientist });
        Assert.Equal(HttpStatusCode.OK, promoted.StatusCode);
        Assert.Equal(Roles.DataScientist, (await promoted.JsonAsync()).GetProperty("role").GetString());

        var disabled = await admin.PutAsJsonAsync($"/api/users/{name}", new { disabled = true });
        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        var body = await disabled.JsonAsync();
        Assert.True(body.GetProperty("disabled").GetBoolean());
        Assert.Equal(Roles.DataScientist, body.GetProperty("role").GetString());

        var enabled = await admin.PutAsJsonAsync($"/api/users/{name}", new { disabled = false, role = Roles.Viewer });
        Assert.False((await enabled.JsonAsync()).GetProperty("disabled").GetBoolean());
        Assert.Equal(Roles.Viewer, (await (await admin.GetAsync($"/api/users/{name}")).JsonAsync()).GetProperty("role").GetString());
    }

    [Fact]
    public async Task UpdateUser_UnknownUser_Returns404()
    {
        using var admin = await factory.ClientForAsync(Roles.Admin);

        var response = await admin.PutAsJsonAsync("/api/users/nobody-at-all", new { disabled = true });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsJsonAsync("/api/users/nobody-at-all/password", new { password = Password })).StatusCode);
    }

    [Theory]
    [InlineData("{\"role\":\"Superuser\"}", "role")]
    [InlineData("{}", "role")]
    public async Task UpdateUser_InvalidBody_Returns400NamingField(string json, string field)
    {
        using var admin = await factory.ClientForAsync(Roles.Admin);
        var name = await CreateAsync(admin, Roles.Viewer);

        var response = await admin.PutAsync($"/api/users/{name}", new StringContent(json, MediaTypeHeaderValue.Parse("application/json")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task ResetPassword_NewPassword_OldOneStopsWorking()
    {
        using var admin = await factory.ClientForAsync(Roles.Admin);
        var name = await CreateAsync(admin, Roles.Viewer);

        var reset = await admin.PostAsJsonAsync($"/api/users/{name}/password", new { password = "Another-pass-2" });

        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.NotNull(await factory.TokenAsync(name, "Another-pass-2"));
        using var anonymous = factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/auth/token", new { username = name, password = Password })).StatusCode);
    }

    [Fact]
    public async Task ResetPassword_TooShort_Returns400NamingPassword()
    {
        using var admin = await factory.ClientForAsync(Roles.Admin);
        var name = await CreateAsync(admin, Roles.Viewer);

        var response = await admin.PostAsJsonAsync($"/api/users/{name}/password", new { password = "short" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty("password", out _));
    }

    [Theory]
    [InlineData(Roles.Viewer, "GET", "/api/users")]
    [InlineData(Roles.Viewer, "GET", "/api/users/admin")]
    [InlineData(Roles.Viewer, "POST", "/api/users")]
    [InlineData(Roles.Viewer, "PUT", "/api/users/admin")]
    [InlineData(Roles.Viewer, "POST", "/api/users/admin/password")]
    [InlineData(Roles.Viewer, "GET", "/api/audit")]
    [InlineData(Roles.DataScientist, "GET", "/api/users")]
    [InlineData(Roles.DataScientist, "GET", "/api/users/admin")]
    [InlineData(Roles.DataScientist, "POST", "/api/users")]
    [InlineData(Roles.DataScientist, "PUT", "/api/users/admin")]
    [InlineData(Roles.DataScientist, "POST", "/api/users/admin/password")]
    [InlineData(Roles.DataScientist, "GET", "/api/audit")]
    public async Task Endpoint_RoleBelowAdmin_Returns403(string role, string method, string path)
    {
        using var client = await factory.ClientForAsync(role);

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = JsonContent.Create(new { userName = "x", password = Password, role = Roles.Admin, disabled = true }),
        });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("GET", "/api/users")]
    [InlineData("POST", "/api/users")]
    [InlineData("PUT", "/api/users/admin")]
    [InlineData("GET", "/api/audit")]
    public async Task Endpoint_WithoutCredentials_Returns401(string method, string path)
    {
        using var client = factory.CreateClient();

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { }) });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Token_IssuedBeforeUserDisabled_Returns401OnNextCall()
    {
        using var admin = await factory.ClientForAsync(Roles.Admin);
        var name = await CreateAsync(admin, Roles.DataScientist);
        using var user = await ClientAsync(name);
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/api/models")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/users/{name}", new { disabled = true })).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await user.GetAsync("/api/models")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await user.PostAsJsonAsync("/api/models/credit-risk/predict", new { features = new { } })).StatusCode);
    }

    [Fact]
    public async Task Token_DisabledUser_Returns401AndEnablingRestoresAccess()
    {
        using var admin = await factory.ClientForAsync(Roles.Admin);
        var name = await CreateAsync(admin, Roles.Viewer);
        await admin.PutAsJsonAsync($"/api/users/{name}", new { disabled = true });
        using var anonymous = factory.CreateClient();

        var refused = await anonymous.PostAsJsonAsync("/api/auth/token", new { username = name, password = Password });

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        await admin.PutAsJsonAsync($"/api/users/{name}", new { disabled = false });
        using var user = await ClientAsync(name);
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/api/models")).StatusCode);
    }

    [Fact]
    public async Task Token_OfAdminDemotedToViewer_Returns403OnAdminEndpointsAtOnce()
    {
        using var admin = await factory.ClientForAsync(Roles.Admin);
        var name = await CreateAsync(admin, Roles.Admin);
        using var demoted = await ClientAsync(name);
        Assert.Equal(HttpStatusCode.OK, (await demoted.GetAsync("/api/keys")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/users/{name}", new { role = Roles.Viewer })).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await demoted.GetAsync("/api/keys")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await demoted.GetAsync("/api/users")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await demoted.GetAsync("/api/models")).StatusCode);
    }

    [Fact]
    public async Task Token_OfPromotedViewer_KeepsItsOwnRole()
    {
        using var admin = await factory.ClientForAsync(Roles.Admin);
        var name = await CreateAsync(admin, Roles.Viewer);
        using var user = await ClientAsync(name);

        await admin.PutAsJsonAsync($"/api/users/{name}", new { role = Roles.Admin });

        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync("/api/keys")).StatusCode);
        using var fresh = await ClientAsync(name);
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/api/keys")).StatusCode);
    }

    private static string NewName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..16];

    private static async Task<string> CreateAsync(HttpClient admin, string role)
    {
        var name = NewName(role.ToLowerInvariant()[..2]);
        var response = await admin.PostAsJsonAsync("/api/users", new { userName = name, password = Password, role });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return name;
    }

    private async Task<HttpClient> ClientAsync(string name)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await factory.TokenAsync(name, Password));
        return client;
    }
}
