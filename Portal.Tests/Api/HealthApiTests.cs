using System.Net;

namespace Portal.Tests.Api;

public sealed class HealthApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Health_NoModelLoaded_Returns503WithRunbookBody()
    {
        using var client = factory.CreateClient();
        var response = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal("unhealthy", body.GetProperty("status").GetString());
        Assert.False(body.GetProperty("model_loaded").GetBoolean());
        Assert.True(body.TryGetProperty("model_name", out _));
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Probe_WithoutCredentials_Returns200(string path)
    {
        using var client = factory.CreateClient();
        var started = factory.Services.GetService(typeof(Portal.Web.Background.StartupState)) as Portal.Web.Background.StartupState;
        await started!.WhenReady.WaitAsync(TimeSpan.FromSeconds(30));
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", (await response.JsonAsync()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task OpenApi_DescribesTheApiAndItsCredentials()
    {
        using var client = factory.CreateClient();
        var document = await (await client.GetAsync("/openapi/v1.json")).JsonAsync();
        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/api/auth/token", "/api/datasets", "/api/models/{name}/train", "/api/runs/{runId}", "/api/models/{name}/predict", "/api/keys",
            "/api/models/{name}/rollouts", "/api/models/{name}/rollouts/{id}", "/api/models/{name}/rollouts/{id}/promote", "/api/models/{name}/rollouts/{id}/looks", "/api/ml/ab-test/create", "/api/ml/ab-test/{testId}/results",
            "/api/models/{name}/ensembles", "/api/models/{name}/ensemble", "/api/ml/ensemble/status",
            "/api/webhooks", "/api/webhooks/{id}", "/api/webhooks/{id}/deliveries", "/api/webhooks/{id}/test" })
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is not in the OpenAPI document");
        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.True(schemes.TryGetProperty("Bearer", out _));
        Assert.True(schemes.TryGetProperty("ApiKey", out _));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/scalar/")).StatusCode);
    }

    [Fact]
    public async Task LoginForm_PostedWithoutAntiforgeryToken_IsRejected()
    {
        using var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["Input.Username"] = "admin",
            ["Input.Password"] = PortalFactory.AdminPassword,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("portal.auth=")));
    }
}
