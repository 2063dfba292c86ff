using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Auth;
using Portal.Core.Serving;
using Portal.Core.Training;
using Portal.Web.Background;

namespace Portal.Tests.Api;

public sealed class RestartTests
{
    [Fact]
    public async Task Start_EmptyThenRestarted_TrainsDemoOnceAndServesItAgainWithoutRetraining()
    {
        var root = Path.Combine(Path.GetTempPath(), "portal-tests", Guid.NewGuid().ToString("N"));
        using (var first = new PortalFactory { Root = root, DeleteRootOnDispose = false })
        {
            first.Settings["Portal:Demo:Enabled"] = "true";
            using var client = await first.ClientForAsync(Roles.Viewer);
            await first.Services.GetRequiredService<StartupState>().WhenReady.WaitAsync(TimeSpan.FromMinutes(3));

            var models = await (await client.GetAsync("/api/models")).JsonAsync();
            Assert.Equal("credit-risk", models[0].GetProperty("name").GetString());
            Assert.Equal(1, models[0].GetProperty("championVersion").GetInt32());
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        }

        using var second = new PortalFactory { Root = root };
        second.Settings["Portal:Demo:Enabled"] = "true";
        using var again = await second.ClientForAsync(Roles.Viewer);
        // Champions are loaded before the first request is served: no wait, no retraining.
        var champion = second.Services.GetRequiredService<ModelServer>().Snapshot().Single().Champion;
        Assert.Equal(1, champion?.Version);
        await second.Services.GetRequiredService<StartupState>().WhenReady.WaitAsync(TimeSpan.FromSeconds(30));
        var runs = await second.Services.GetRequiredService<ITrainingRunStore>().ListAsync(null, 10);
        Assert.Single(runs);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/health/ready")).StatusCode);
    }
}
