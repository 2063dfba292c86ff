using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Portal.Web.Metrics;

namespace Portal.Tests.Api;

public sealed class RequestMetricsMiddlewareTests
{
    [Fact]
    public async Task InvokeAsync_EndpointThrows_RecordsA500UnderTheRouteTemplate()
    {
        var (stats, requests, metrics) = Metrics();
        var middleware = new RequestMetricsMiddleware(_ => throw new InvalidOperationException("boom"), metrics);

        await Assert.ThrowsAsync<InvalidOperationException>(() => middleware.InvokeAsync(ContextFor("POST", "/api/models/{name}/predict")));

        var recorded = Assert.Single(stats.Endpoints());
        Assert.Equal(("POST", "/api/models/{name}/predict"), (recorded.Method, recorded.Endpoint));
        Assert.Equal(1, recorded.ServerErrors);
        Assert.Equal(1, requests.WithLabels("500", "POST", "/api/models/{name}/predict").Value);
    }

    [Fact]
    public async Task InvokeAsync_NoRouteMatched_RecordsUnderUnmatched()
    {
        var (stats, requests, metrics) = Metrics();
        var middleware = new RequestMetricsMiddleware(c =>
        {
            c.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }, metrics);
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Path = "/random/path/123";

        await middleware.InvokeAsync(context);

        var recorded = Assert.Single(stats.Endpoints());
        Assert.Equal(RequestStats.Unmatched, recorded.Endpoint);
        Assert.Equal(1, recorded.ClientErrors);
        Assert.Equal(1, requests.WithLabels("404", "GET", "").Value);
    }

    private static (RequestStats Stats, Prometheus.Counter Requests, HttpRequestMetrics Metrics) Metrics()
    {
        var stats = new RequestStats(TimeProvider.System);
        var factory = Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry());
        var requests = factory.CreateCounter("http_requests_total", "requests", ["code", "method", "endpoint"]);
        var duration = factory.CreateHistogram("http_request_duration_seconds", "duration", ["code", "method", "endpoint"]);
        return (stats, requests, new HttpRequestMetrics(stats, requests, duration));
    }

    private static DefaultHttpContext ContextFor(string method, string template)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.SetEndpoint(new RouteEndpoint(_ => Task.CompletedTask, RoutePatternFactory.Parse(template), 0, EndpointMetadataCollection.Empty, template));
        return context;
    }
}
