using System.Net;
using System.Net.Http.Json;
using Portal.Core.Auth;
using Portal.Tests.Hosting;

namespace Portal.Tests.Api;

/// <summary>The whole app on PostgreSQL (Portal:Database:Provider = postgres): train, promote, predict, logged, labelled, exported.</summary>
public sealed class PostgresApiSmokeTests
{
    private const string Model = "cancer-pg";

    [Fact]
    public async Task Train_promote_predict_log_label_and_export_on_PostgreSQL()
    {
        using var factory = new PortalFactory();
        factory.Settings["Portal:Database:Provider"] = "postgres";
        factory.Settings["ConnectionStrings:Portal"] = await PostgresCluster.Instance.CreateDatabaseAsync();

        using var scientist = await factory.ClientForAsync(Roles.DataScientist);
        var dataset = await scientist.UploadSampleAsync("breast_cancer.csv");
        var train = await scientist.PostAsJsonAsync($"/api/models/{Model}/train", new { datasetId = dataset, label = "diagnosis", positiveClass = "malignant", trainer = "FastTree" });
        Assert.Equal(HttpStatusCode.Accepted, train.StatusCode);
        var run = await factory.WaitForRunAsync((await train.JsonAsync()).GetProperty("runId").GetGuid());
        Assert.True(run.IsFinished);

        using var admin = await factory.ClientForAsync(Roles.Admin);
        var promote = await admin.PostAsJsonAsync($"/api/models/{Model}/versions/1/promote", new { alias = "champion", reason = "first on PostgreSQL" });
        Assert.Equal(HttpStatusCode.OK, promote.StatusCode);

        var predict = await scientist.PostAsJsonAsync($"/api/models/{Model}/predict", new { features = DriftWindows.Rows()[0] });
        Assert.Equal(HttpStatusCode.OK, predict.StatusCode);
        var id = (await predict.JsonAsync()).GetProperty("predictionId").GetGuid();
        await Eventually.TrueAsync(async () => (await scientist.GetAsync($"/api/predictions/{id}")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(30), "the prediction to be logged through COPY");

        var label = await scientist.PostAsJsonAsync("/api/labels", new[] { new { predictionId = id, label = "benign" } });
        Assert.Equal(1, (await label.JsonAsync()).GetProperty("accepted").GetInt32());
        var export = await admin.GetAsync($"/ops/export/outcomes.csv?model={Model}");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var row = (await export.Content.ReadAsStringAsync()).Split("\r\n").Single(l => l.StartsWith(id.ToString(), StringComparison.Ordinal)).Split(',');
        Assert.Equal("benign", row[^3]);

        var history = await (await admin.GetAsync($"/api/models/{Model}/history")).JsonAsync();
        Assert.Contains("first on PostgreSQL", history.ToString(), StringComparison.Ordinal);

        // The self-checks write to PostgreSQL too (a throwaway table, rolled back).
        var checks = (await (await admin.PostAsync("/api/admin/validate", null)).JsonAsync()).GetProperty("checks").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("outcome").GetString());
        Assert.Equal("pass", checks["database writable"]);
        Assert.Equal("pass", checks["readiness"]);
        Assert.Equal("pass", checks[$"champion {Model}"]);

        // Portal's backup copies a SQLite file: on PostgreSQL it says so (pg_dump) instead of failing.
        var backup = await admin.PostAsync("/api/admin/backup", null);
        Assert.Equal(HttpStatusCode.Conflict, backup.StatusCode);
        Assert.Contains("pg_dump", (await backup.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
