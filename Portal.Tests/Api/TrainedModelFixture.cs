using System.Net;
using System.Net.Http.Json;
using Portal.Core.Auth;

namespace Portal.Tests.Api;

/// <summary>A portal in which a data scientist has trained 'cancer' v1 on breast_cancer.csv (569 rows, fast).</summary>
public sealed class TrainedModelFixture : IAsyncLifetime
{
    public const string Model = "cancer";
    public const int BatchLimit = 50;

    public PortalFactory Factory { get; } = new();
    public int DatasetId { get; private set; }
    public Guid RunId { get; private set; }

    public async Task InitializeAsync()
    {
        Factory.Settings["Portal:Serving:BatchLimit"] = BatchLimit.ToString();
        using var client = await Factory.ClientForAsync(Roles.DataScientist);
        DatasetId = await client.UploadSampleAsync("breast_cancer.csv");
        var response = await client.PostAsJsonAsync($"/api/models/{Model}/train", new { datasetId = DatasetId, label = "diagnosis", positiveClass = "malignant", trainer = "FastTree" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        RunId = (await response.JsonAsync()).GetProperty("runId").GetGuid();
        Assert.Equal($"/api/runs/{RunId}", response.Headers.Location?.ToString());
        await Factory.WaitForRunAsync(RunId);
    }

    public Task DisposeAsync()
    {
        Factory.Dispose();
        return Task.CompletedTask;
    }
}
