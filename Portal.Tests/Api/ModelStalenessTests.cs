using System.Net;
using System.Net.Http.Json;
using Portal.Core.Auth;

namespace Portal.Tests.Api;

public sealed class ModelStalenessTests
{
    [Fact]
    public async Task ModelStatus_ClockMovedPastTheStaleAge_TurnsWarningStale()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        using var factory = new PortalFactory { Clock = clock };
        factory.Settings["Portal:Monitoring:StaleAfterHours"] = "48";
        using var admin = await factory.ClientForAsync(Roles.Admin);
        var datasetId = await admin.UploadSampleAsync("breast_cancer.csv");
        var start = await admin.PostAsJsonAsync("/api/models/aging/train", new { datasetId, label = "diagnosis", positiveClass = "malignant", options = new { numberOfTrees = 10 } });
        var run = await factory.WaitForRunAsync((await start.JsonAsync()).GetProperty("runId").GetGuid());
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/models/aging/versions/{run.Version}/promote", new { reason = "first" })).StatusCode);

        clock.Advance(TimeSpan.FromHours(47));
        var fresh = await (await admin.GetAsync("/ops/model-status?model=aging")).JsonAsync();
        Assert.Equal("ok", fresh.GetProperty("health").GetString());
        Assert.Equal(47, fresh.GetProperty("age_hours").GetDouble(), 1);

        clock.Advance(TimeSpan.FromHours(2));
        var stale = await (await admin.GetAsync("/ops/model-status?model=aging")).JsonAsync();
        Assert.Equal("warning_stale", stale.GetProperty("health").GetString());
        Assert.Equal(49, stale.GetProperty("age_hours").GetDouble(), 1);
    }
}
