using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Core.Audit;
using Portal.Core.Auth;

namespace Portal.Tests.Api;

public sealed class AuditApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Audit_UserActions_AreRecordedWithActorTargetAndBeforeAfter()
    {
        using var admin = await factory.ClientForAsync(Roles.Admin);
        var name = $"au-{Guid.NewGuid():N}"[..14];
        await admin.PostAsJsonAsync("/api/users", new { userName = name, password = PortalFactory.UserPassword, role = Roles.Viewer });
        await admin.PutAsJsonAsync($"/api/users/{name}", new { role = Roles.DataScientist });
        await admin.PutAsJsonAsync($"/api/users/{name}", new { disabled = true });
        await admin.PutAsJsonAsync($"/api/users/{name}", new { disabled = false });
        await admin.PostAsJsonAsync($"/api/users/{name}/password", new { password = "Changed-pass-9" });

        var entries = await QueryAsync(admin, $"?target={name}");

        Assert.Equal(
            new[] { AuditActions.UserPasswordReset, AuditActions.UserEnabled, AuditActions.UserDisabled, AuditActions.UserRoleChanged, AuditActions.UserCreated },
            entries.Select(e => e.GetProperty("action").GetString()!).ToArray());
        Assert.All(entries, e => Assert.Equal("admin", e.GetProperty("actor").GetString()));
        var roleChange = entries.Single(e => e.GetProperty("action").GetString() == AuditActions.UserRoleChanged).GetProperty("details");
        Assert.Equal(Roles.Viewer, roleChange.GetProperty("before").GetProperty("role").GetString());
        Assert.Equal(Roles.DataScientist, roleChange.GetProperty("after").GetProperty("role").GetString());
        Assert.DoesNotContain("Changed-pass-9", string.Join(" ", entries.Select(e => e.GetRawText())));
    }

    [Fact]
    public async Task Audit_KeyCreatedAndRevoked_AreRecordedWithoutTheKey()
    {
        using var admin = await factory.ClientForAsync(Roles.Admin);
        var keyName = $"key-{Guid.NewGuid():N}"[..14];
        var created = await (await admin.PostAsJsonAsync("/api/keys", new { name = keyName, role = Roles.Viewer })).JsonAsync();
        await admin.DeleteAsync($"/api/keys/{created.GetProperty("id").GetInt32()}");

        var entries = await QueryAsync(admin, $"?target={keyName}");

        Assert.Equal(new[] { AuditActions.KeyRevoked, AuditActions.KeyCreated }, entries.Select(e => e.GetProperty("action").GetString()!).ToArray());
        Assert.All(entries, e => Assert.Equal("admin", e.GetProperty("actor").GetString()));
        Assert.All(entries, e => Assert.Equal(created.GetProperty("id").GetInt32(), e.GetProperty("details").GetProperty("id").GetInt32()));
        Assert.DoesNotContain(created.GetProperty("key").GetString()!, string.Join(" ", entries.Select(e => e.GetRawText())));
    }

    [Fact]
    public async Task Audit_Filters_MatchActorActionTimeAndTake()
    {
        using var admin = await factory.ClientForAsync(Roles.Admin);
        var second = $"ad-{Guid.NewGuid():N}"[..14];
        await admin.PostAsJsonAsync("/api/users", new { userName = second, password = PortalFactory.UserPassword, role = Roles.Admin });
        using var secondClient = factory.CreateClient();
        secondClient.DefaultRequestHeaders.Authorization = new("Bearer", await factory.TokenAsync(second, PortalFactory.UserPassword));
        await secondClient.PostAsJsonAsync("/api/keys", new { name = "by-second", role = Roles.Viewer });

        var bySecond = await QueryAsync(admin, $"?actor={second}");
        Assert.Equal(AuditActions.KeyCreated, Assert.Single(bySecond).GetProperty("action").GetString());

        var created = await QueryAsync(admin, $"?action={AuditActions.UserCreated}");
        Assert.NotEmpty(created);
        Assert.All(created, e => Assert.Equal(AuditActions.UserCreated, e.GetProperty("action").GetString()));

        var one = await QueryAsync(admin, "?take=1");
        Assert.Equal(AuditActions.KeyCreated, Assert.Single(one).GetProperty("action").GetString());

        var future = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(1).ToString("O"));
        Assert.Empty(await QueryAsync(admin, $"?from={future}"));
        var past = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(-1).ToString("O"));
        Assert.Empty(await QueryAsync(admin, $"?to={past}"));
        Assert.NotEmpty(await QueryAsync(admin, $"?from={past}&to={future}&actor={second}"));
    }

    [Theory]
    [InlineData("?action=user.exploded", "action")]
    [InlineData("?take=0", "take")]
    [InlineData("?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "from")]
    public async Task Audit_BadFilter_Returns400NamingIt(string query, string field)
    {
        using var admin = await factory.ClientForAsync(Roles.Admin);

        var response = await admin.GetAsync("/api/audit" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty(field, out _));
    }

    private static async Task<JsonElement[]> QueryAsync(HttpClient admin, string query)
    {
        var response = await admin.GetAsync("/api/audit" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.JsonAsync()).EnumerateArray().ToArray();
    }
}
