using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Auth;
using Portal.Core.Webhooks;

namespace Portal.Tests.Api;

/// <summary>Registering webhooks, with the default SSRF rules (private targets refused) and a DNS table of the test's own.</summary>
public sealed class WebhooksApiTests : IAsyncLifetime
{
    private readonly Dictionary<string, string> _dns = new(StringComparer.OrdinalIgnoreCase)
    {
        ["hooks.example"] = "93.184.215.14",
        ["loopback.example"] = "127.0.0.1",
        ["metadata.example"] = "169.254.169.254",
    };

    private readonly PortalFactory _factory;

    public WebhooksApiTests()
    {
        _factory = new PortalFactory
        {
            TestServices = s => s.AddSingleton<HostResolver>((host, ct) =>
                _dns.TryGetValue(host, out var ip) ? Task.FromResult(new[] { IPAddress.Parse(ip) }) : Dns.GetHostAddressesAsync(host, ct)),
        };
    }

    private HttpClient _admin = null!;

    public async Task InitializeAsync() => _admin = await _factory.ClientForAsync(Roles.Admin);

    public Task DisposeAsync()
    {
        _admin.Dispose();
        _factory.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("http://localhost/hook")]
    [InlineData("http://localhost./hook")]
    [InlineData("http://127.0.0.1/hook")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://[::ffff:127.0.0.1]/hook")]
    [InlineData("http://10.1.2.3/hook")]
    [InlineData("http://192.168.0.10/hook")]
    [InlineData("http://172.20.0.1/hook")]
    [InlineData("http://100.64.1.1/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://loopback.example/hook")]
    [InlineData("https://metadata.example/hook")]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://hooks.example/hook")]
    [InlineData("/relative/hook")]
    [InlineData("not a url")]
    public async Task Create_UnsafeOrNonHttpUrl_Returns400NamingUrlAndStoresNothing(string url)
    {
        var response = await _admin.PostAsJsonAsync("/api/webhooks", new { url });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.True(problem.GetProperty("errors").TryGetProperty("url", out _), problem.ToString());
        Assert.Equal(0, (await (await _admin.GetAsync("/api/webhooks")).JsonAsync()).GetArrayLength());
    }

    [Fact]
    public async Task Create_HostResolvingToLoopback_SaysWhichAddress()
    {
        var problem = await (await _admin.PostAsJsonAsync("/api/webhooks", new { url = "http://loopback.example/hook" })).JsonAsync();

        Assert.Contains("127.0.0.1", problem.GetProperty("errors").GetProperty("url")[0].GetString());
    }

    [Fact]
    public async Task Create_UnknownEvent_Returns400NamingItsIndex()
    {
        var response = await _admin.PostAsJsonAsync("/api/webhooks", new { url = "https://hooks.example/hook", events = new[] { "version.promoted", "model.exploded" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.JsonAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("events[1]", out _));
        Assert.False(errors.TryGetProperty("events[0]", out _));
        Assert.Equal(0, (await (await _admin.GetAsync("/api/webhooks")).JsonAsync()).GetArrayLength());
    }

    [Fact]
    public async Task Create_PublicUrl_ReturnsTheSecretOnceAndNeverAgain()
    {
        var response = await _admin.PostAsJsonAsync("/api/webhooks", new { url = "https://hooks.example/hook", events = new[] { "version.promoted" }, description = "CI" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.JsonAsync();
        var secret = created.GetProperty("secret").GetString()!;
        Assert.StartsWith(WebhookService.SecretPrefix, secret);
        var id = created.GetProperty("id").GetInt32();
        Assert.Equal($"/api/webhooks/{id}", response.Headers.Location?.ToString());
        var one = await _admin.GetStringAsync($"/api/webhooks/{id}");
        var all = await _admin.GetStringAsync("/api/webhooks");
        Assert.DoesNotContain(secret, one + all);
        Assert.DoesNotContain("secret", one + all, StringComparison.OrdinalIgnoreCase);
        var hook = JsonDocument.Parse(one).RootElement;
        Assert.Equal("https://hooks.example/hook", hook.GetProperty("url").GetString());
        Assert.Equal("version.promoted", hook.GetProperty("events")[0].GetString());
        Assert.True(hook.GetProperty("enabled").GetBoolean());
        Assert.Equal("admin", hook.GetProperty("createdBy").GetString());
    }

    [Fact]
    public async Task Create_SecretInTheDatabase_IsNotInTheClear()
    {
        var created = await (await _admin.PostAsJsonAsync("/api/webhooks", new { url = "https://hooks.example/stored" })).JsonAsync();
        var secret = created.GetProperty("secret").GetString()!;

        var stored = await _factory.Services.GetRequiredService<IWebhookStore>().GetSecretAsync(created.GetProperty("id").GetInt32());

        Assert.NotNull(stored);
        Assert.DoesNotContain(secret, stored);
        Assert.Equal(secret, _factory.Services.GetRequiredService<IWebhookSecretProtector>().Unprotect(stored));
    }

    [Fact]
    public async Task Patch_DisableAndChangeEvents_IsStored()
    {
        var id = (await (await _admin.PostAsJsonAsync("/api/webhooks", new { url = "https://hooks.example/patch" })).JsonAsync()).GetProperty("id").GetInt32();

        var response = await _admin.PatchAsJsonAsync($"/api/webhooks/{id}", new { enabled = false, events = new[] { "drift.detected", "gate.blocked" } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var hook = await (await _admin.GetAsync($"/api/webhooks/{id}")).JsonAsync();
        Assert.False(hook.GetProperty("enabled").GetBoolean());
        Assert.Equal(["drift.detected", "gate.blocked"], hook.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        var bad = await _admin.PatchAsJsonAsync($"/api/webhooks/{id}", new { events = new[] { "nope" } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.JsonAsync()).GetProperty("errors").TryGetProperty("events[0]", out _));
    }

    [Fact]
    public async Task Delete_Webhook_IsGoneWithItsDeliveries()
    {
        var id = (await (await _admin.PostAsJsonAsync("/api/webhooks", new { url = "https://hooks.example/delete" })).JsonAsync()).GetProperty("id").GetInt32();

        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"/api/webhooks/{id}")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync($"/api/webhooks/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync($"/api/webhooks/{id}/deliveries")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.DeleteAsync($"/api/webhooks/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.PostAsync($"/api/webhooks/{id}/test", null)).StatusCode);
    }

    [Theory]
    [InlineData(Roles.DataScientist)]
    [InlineData(Roles.Viewer)]
    public async Task Webhooks_NotAdmin_Returns403(string role)
    {
        using var client = await _factory.ClientForAsync(role);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/webhooks")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/webhooks", new { url = "https://hooks.example/hook" })).StatusCode);
    }

    [Fact]
    public async Task Delivery_HostNowResolvingToLoopback_IsRefusedAtConnection()
    {
        // Registered while public; by delivery time its DNS answers 127.0.0.1 (DNS rebinding).
        var created = await (await _admin.PostAsJsonAsync("/api/webhooks", new { url = "http://hooks.example:9/rebind" })).JsonAsync();
        var id = created.GetProperty("id").GetInt32();
        _dns["hooks.example"] = "127.0.0.1";
        try
        {
            Assert.Equal(HttpStatusCode.Accepted, (await _admin.PostAsync($"/api/webhooks/{id}/test", null)).StatusCode);
            await _factory.Services.GetRequiredService<WebhookDispatcher>().DeliverDueAsync();

            var delivery = (await (await _admin.GetAsync($"/api/webhooks/{id}/deliveries")).JsonAsync())[0];
            var attempt = delivery.GetProperty("attempts")[0];
            Assert.Equal(JsonValueKind.Null, attempt.GetProperty("statusCode").ValueKind);
            Assert.StartsWith("Refused", attempt.GetProperty("error").GetString());
            Assert.Contains("127.0.0.1", attempt.GetProperty("error").GetString());
        }
        finally
        {
            _dns["hooks.example"] = "93.184.215.14";
        }
    }
}
