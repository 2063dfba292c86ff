using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Audit;
using Portal.Core.Auth;
using Portal.Core.Predictions;
using Portal.Tests.Data.Privacy;
using Portal.Tests.Hosting;

namespace Portal.Tests.Api.Privacy;

/// <summary>
/// POST/GET /api/admin/pii-scrub on the real app: a rule added to configuration and the history backfilled, a job cut off
/// by a restart that resumes, one job at a time, predictions logged (and redacted by the writer) while a job runs.
/// </summary>
public sealed class PiiScrubApiTests
{
    private const int Rows = 35;
    private const string Path = "/api/admin/pii-scrub";

    private static PortalFactory Factory(string? root = null, bool nameConfigured = true, int pauseMs = 0, bool keep = false)
    {
        var factory = root is null ? new PortalFactory { DeleteRootOnDispose = !keep } : new PortalFactory { Root = root, DeleteRootOnDispose = !keep };
        factory.Settings["Portal:Privacy:ScrubBatchSize"] = "10";
        factory.Settings["Portal:Privacy:ScrubPauseMilliseconds"] = pauseMs.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (nameConfigured) factory.Settings["Portal:Monitoring:PiiFields:0"] = "Name";
        return factory;
    }

    /// <summary>History stored raw through the store, as the log of a portal whose rules did not name the field yet.</summary>
    private static async Task<IReadOnlyList<PredictionRecord>> LogHistoryAsync(PortalFactory factory)
    {
        // An hour ago: within the retention period, which the portal enforces at start-up.
        var rows = ScrubbedLog.Rows(Rows, DateTimeOffset.UtcNow.AddHours(-1));
        Assert.Equal(Rows, await factory.Services.GetRequiredService<IPredictionStore>().AddBatchAsync(rows));
        return rows;
    }

    private static async Task<JsonElement> WaitForAsync(HttpClient admin, string status)
    {
        JsonElement job = default;
        await Eventually.TrueAsync(async () =>
        {
            var response = await admin.GetAsync(Path);
            if (response.StatusCode != HttpStatusCode.OK) return false;
            job = await response.JsonAsync();
            return job.GetProperty("status").GetString() == status;
        }, TimeSpan.FromSeconds(60), $"the PII scrub to be {status}");
        return job;
    }

    private static Dictionary<string, long> Fields(JsonElement body) =>
        body.GetProperty("fields").EnumerateObject().ToDictionary(f => f.Name, f => f.Value.GetInt64());

    private static async Task AssertHistoryScrubbedAsync(PortalFactory factory, IReadOnlyList<PredictionRecord> rows, bool nameConfigured = true)
    {
        var stored = await factory.Services.GetRequiredService<IPredictionStore>().GetManyAsync(rows.Select(r => r.Id).ToList());
        Assert.Equal(rows.Count, stored.Count);
        foreach (var s in stored) ScrubbedLog.AssertScrubbed(rows.Single(r => r.Id == s.Id).InputsJson, s.InputsJson, nameConfigured);
    }

    [Fact]
    public async Task Scrub_AfterAFieldIsConfigured_DryRunCountsEqualTheRunsAndTheHistoryIsRedacted()
    {
        string root;
        IReadOnlyList<PredictionRecord> rows;
        using (var before = Factory(nameConfigured: false, keep: true))
        {
            root = before.Root;
            rows = await LogHistoryAsync(before);
        }

        using var factory = Factory(root);
        using var admin = await factory.ClientForAsync(Roles.Admin);
        var none = await admin.GetAsync(Path);
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);

        var dryResponse = await admin.PostAsync($"{Path}?dryRun=true", null);
        Assert.Equal(HttpStatusCode.OK, dryResponse.StatusCode);
        var dry = await dryResponse.JsonAsync();
        Assert.True(dry.GetProperty("dryRun").GetBoolean());
        Assert.Equal(Rows, dry.GetProperty("scanned").GetInt64());
        Assert.Equal(ScrubbedLog.ExpectedFields(Rows), Fields(dry));
        var untouched = await factory.Services.GetRequiredService<IPredictionStore>().GetAsync(rows[0].Id);
        Assert.Equal(rows[0].InputsJson, untouched!.InputsJson);

        var started = await admin.PostAsync($"{Path}?dryRun=false", null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal("/api/admin/pii-scrub", started.Headers.Location?.OriginalString);
        var job = await WaitForAsync(admin, "completed");

        Assert.Equal(dry.GetProperty("scanned").GetInt64(), job.GetProperty("scanned").GetInt64());
        Assert.Equal(dry.GetProperty("redactedRows").GetInt64(), job.GetProperty("redactedRows").GetInt64());
        Assert.Equal(Fields(dry), Fields(job));
        Assert.Equal("admin", job.GetProperty("startedBy").GetString());
        Assert.Equal(job.GetProperty("endKey").GetInt64(), job.GetProperty("cursor").GetInt64());
        await AssertHistoryScrubbedAsync(factory, rows);
        var audit = factory.Services.GetRequiredService<IAuditLog>();
        Assert.Single(await audit.QueryAsync(new AuditQuery(Action: AuditActions.PiiScrubStarted, Actor: "admin")));
        var finished = Assert.Single(await audit.QueryAsync(new AuditQuery(Action: AuditActions.PiiScrubFinished)));
        Assert.Contains("\"status\":\"completed\"", finished.Details, StringComparison.Ordinal);
        Assert.Contains($"\"scanned\":{Rows}", finished.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scrub_CutOffByARestart_409WhileRunningPredictionsStillLoggedAndTheNextStartFinishesIt()
    {
        string root;
        IReadOnlyList<PredictionRecord> rows;
        JsonElement dry;
        Guid loggedDuring;
        using (var first = Factory(pauseMs: 600_000, keep: true))
        {
            root = first.Root;
            rows = await LogHistoryAsync(first);
            using var admin = await first.ClientForAsync(Roles.Admin);
            dry = await (await admin.PostAsync($"{Path}?dryRun=true", null)).JsonAsync();
            Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync($"{Path}?dryRun=false", null)).StatusCode);

            // The first batch is committed, then the job waits out its pause: it is running, half-way.
            await Eventually.TrueAsync(async () => (await (await admin.GetAsync(Path)).JsonAsync()).GetProperty("scanned").GetInt64() == 10,
                TimeSpan.FromSeconds(60), "the first batch to be committed");
            var second = await admin.PostAsync($"{Path}?dryRun=false", null);
            Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
            Assert.Contains("running already", (await second.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);

            // Serving goes on: a prediction logged now reaches the log, redacted by the writer under the same rules.
            var now = DateTimeOffset.UtcNow;
            loggedDuring = PredictionIds.Next(now);
            first.Services.GetRequiredService<PredictionLog>().Record(new PredictionRecord(loggedDuring, "m", 1, "champion",
                """{"Name":"Late Person","Email":"late@example.com","Home":"own"}""", "yes", 0.5, 1, now));
            var store = first.Services.GetRequiredService<IPredictionStore>();
            await Eventually.TrueAsync(async () => await store.GetAsync(loggedDuring) is not null, TimeSpan.FromSeconds(30), "the prediction to be logged");
            Assert.Equal("""{"Name":"[REDACTED]","Email":"[REDACTED]","Home":"own"}""", (await store.GetAsync(loggedDuring))!.InputsJson);
        }

        using var restarted = Factory(root);
        using var again = await restarted.ClientForAsync(Roles.Admin);
        var job = await WaitForAsync(again, "completed");

        Assert.Equal(Rows, job.GetProperty("scanned").GetInt64());
        Assert.Equal(dry.GetProperty("redactedRows").GetInt64(), job.GetProperty("redactedRows").GetInt64());
        Assert.Equal(Fields(dry), Fields(job));
        Assert.Equal("admin", job.GetProperty("startedBy").GetString());
        Assert.True(job.GetProperty("endKey").GetInt64() < PredictionIds.KeyOf(loggedDuring));
        await AssertHistoryScrubbedAsync(restarted, rows);
    }

    [Fact]
    public async Task Scrub_WithoutAdmin_401And403_AndAMissingDryRun400NamingIt()
    {
        using var factory = Factory();
        using var anonymous = factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync($"{Path}?dryRun=true", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(Path)).StatusCode);
        using var scientist = await factory.ClientForAsync(Roles.DataScientist);
        Assert.Equal(HttpStatusCode.Forbidden, (await scientist.PostAsync($"{Path}?dryRun=false", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await scientist.GetAsync(Path)).StatusCode);

        using var admin = await factory.ClientForAsync(Roles.Admin);
        foreach (var query in new[] { "", "?dryRun=maybe" })
        {
            var response = await admin.PostAsync(Path + query, null);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty("dryRun", out _));
        }

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(Path)).StatusCode);
    }
}
