using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Portal.Web.Monitoring;

namespace Portal.Tests.Api;

public sealed class RequestMetricsMiddlewareTests
{
    [Fact]
    public async Task InvokeAsync_EndpointThrows_RecordsA500UnderTheRouteTemplate()
    {
        var stats = new RequestStats(TimeProvider.System);
        var middleware = new RequestMetricsMiddleware(_ => throw new InvalidOperationException("boom"), stats);

        await Assert.ThrowsAsync<InvalidOperationException>(() => middleware.InvokeAsync(ContextFor("POST", "/api/models/{name}/predict")));

        var recorded = Assert.Single(stats.Endpoints());
        Assert.Equal(("POST", "/api/models/{name}/predict"), (recorded.Method, recorded.Endpoint));
        Assert.Equal(1, recorded.ServerErrors);
    }

    [Fact]
    public async Task InvokeAsync_NoRouteMatched_RecordsUnderUnmatched()
    {
        var stats = new RequestStats(TimeProvider.System);
        var middleware = new RequestMetricsMiddleware(c =>
        {
            c.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }, stats);
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Path = "/random/path/123";

        await middleware.InvokeAsync(context);

        var recorded = Assert.Single(stats.Endpoints());
        Assert.Equal(RequestStats.Unmatched, recorded.Endpoint);
        Assert.Equal(1, recorded.ClientErrors);
    }

    private static DefaultHttpContext ContextFor(string method, string template)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.SetEndpoint(new RouteEndpoint(_ => Task.CompletedTask, RoutePatternFactory.Parse(template), 0, EndpointMetadataCollection.Empty, template));
        return context;
    }
}
