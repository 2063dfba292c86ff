using System.Net;

namespace Portal.Tests.Api;

public sealed class MetricsAnonymousTests
{
    [Fact]
    public async Task Metrics_AllowAnonymousSet_Returns200WithoutCredential()
    {
        using var factory = new PortalFactory();
        factory.Settings["Portal:Metrics:AllowAnonymous"] = "true";
        using var client = factory.CreateClient();

        var response = await client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("prediction_log_capacity", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Stats_AllowAnonymousMetrics_StillRequiresACredential()
    {
        using var factory = new PortalFactory();
        factory.Settings["Portal:Metrics:AllowAnonymous"] = "true";
        using var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/stats")).StatusCode);
    }
}
