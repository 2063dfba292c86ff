using System.Net;
using System.Net.Http.Json;
using Portal.Core.Auth;

namespace Portal.Tests.Api;

/// <summary>Issue 12 item 3: a key never carries more than its owner currently holds, checked at once.</summary>
public sealed class ApiKeyOwnerTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task AdminKey_OwnerDemotedToViewer_ActsAsViewerAtOnce()
    {
        var (bob, bobClient) = await FreshAdminAsync();
        using var key = await KeyClientAsync(bobClient, Roles.Admin);
        Assert.Equal(HttpStatusCode.Created, (await CreateUserWithAsync(key)).StatusCode);

        using var admin = await factory.ClientForAsync(Roles.Admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/users/{bob}", new { role = Roles.Viewer })).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await CreateUserWithAsync(key)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await key.GetAsync("/api/keys")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await key.GetAsync("/api/models")).StatusCode);
    }

    [Fact]
    public async Task Key_OwnerDisabled_Returns401()
    {
        var (bob, bobClient) = await FreshAdminAsync();
        using var key = await KeyClientAsync(bobClient, Roles.Viewer);
        Assert.Equal(HttpStatusCode.OK, (await key.GetAsync("/api/models")).StatusCode);

        using var admin = await factory.ClientForAsync(Roles.Admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/users/{bob}", new { disabled = true })).StatusCode);

        var refused = await key.GetAsync("/api/models");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task KeyCreatedWithAKey_BelongsToTheSamePerson()
    {
        var (bob, bobClient) = await FreshAdminAsync();
        using var first = await KeyClientAsync(bobClient, Roles.Admin);
        using var second = await KeyClientAsync(first, Roles.Admin);

        var listed = (await (await bobClient.GetAsync("/api/keys")).JsonAsync()).EnumerateArray().ToList();
        Assert.Contains(listed, k => k.GetProperty("createdBy").GetString()!.StartsWith("key:", StringComparison.Ordinal) && k.GetProperty("owner").GetString() == bob);

        using var admin = await factory.ClientForAsync(Roles.Admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/users/{bob}", new { role = Roles.DataScientist })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await CreateUserWithAsync(second)).StatusCode);
    }

    private async Task<(string Name, HttpClient Client)> FreshAdminAsync()
    {
        var name = await factory.CreateUserAsync(Roles.Admin);
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", await factory.TokenAsync(name, PortalFactory.UserPassword));
        return (name, client);
    }

    private async Task<HttpClient> KeyClientAsync(HttpClient creator, string role)
    {
        var created = await creator.PostAsJsonAsync("/api/keys", new { name = $"k-{Guid.NewGuid():N}"[..12], role });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", (await created.JsonAsync()).GetProperty("key").GetString());
        return client;
    }

    private static Task<HttpResponseMessage> CreateUserWithAsync(HttpClient client) =>
        client.PostAsJsonAsync("/api/users", new { userName = $"u-{Guid.NewGuid():N}"[..12], password = "Some-pass-123", role = Roles.Admin });
}
