using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Portal.Core.Auth;

namespace Portal.Tests.Api;

/// <summary>A portal with breast_cancer.csv uploaded; tests train the versions they need under their own model name.</summary>
public sealed class LifecycleFixture : IAsyncLifetime
{
    /// <summary>Options for a deliberately weak model: one tree with two leaves.</summary>
    public static readonly Dictionary<string, double> Weak = new() { ["numberOfTrees"] = 1, ["numberOfLeaves"] = 2 };

    public PortalFactory Factory { get; } = new();
    public int DatasetId { get; private set; }
    public HttpClient Admin { get; private set; } = null!;
    public HttpClient Scientist { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Admin = await Factory.ClientForAsync(Roles.Admin);
        Scientist = await Factory.ClientForAsync(Roles.DataScientist);
        DatasetId = await Scientist.UploadSampleAsync("breast_cancer.csv");
    }

    /// <summary>Trains a version of <paramref name="model"/> and returns its number.</summary>
    public async Task<int> TrainAsync(string model, Dictionary<string, double>? options = null, string trainer = "FastTree")
    {
        var response = await Scientist.PostAsJsonAsync($"/api/models/{model}/train",
            new { datasetId = DatasetId, label = "diagnosis", positiveClass = "malignant", trainer, options });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var run = await Factory.WaitForRunAsync((await response.JsonAsync()).GetProperty("runId").GetGuid());
        Assert.True(run.Version is not null, run.Error);
        return run.Version!.Value;
    }

    public Task<HttpResponseMessage> PromoteAsync(string model, int version, HttpClient? client = null, string alias = "champion", string reason = "test") =>
        (client ?? Admin).PostAsJsonAsync($"/api/models/{model}/versions/{version}/promote", new { alias, reason });

    public async Task<HttpResponseMessage> SetGatesAsync(string model, object gates)
    {
        var response = await Admin.PutAsJsonAsync($"/api/models/{model}/gates", gates);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response;
    }

    /// <summary>The version that answers a prediction with the champion (the first row of breast_cancer.csv).</summary>
    public async Task<int> ServingVersionAsync(string model)
    {
        var response = await Admin.PostAsJsonAsync($"/api/models/{model}/predict", new { features = FirstRow() });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("version").GetInt32();
    }

    public static JsonObject FirstRow()
    {
        var lines = File.ReadLines(TestPaths.Sample("breast_cancer.csv")).Take(2).Select(l => l.Split(',')).ToArray();
        var row = new JsonObject();
        foreach (var (name, value) in lines[0].Zip(lines[1]).Where(p => p.First != "diagnosis"))
            row[name] = double.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        return row;
    }

    public Task DisposeAsync()
    {
        Admin.Dispose();
        Scientist.Dispose();
        Factory.Dispose();
        return Task.CompletedTask;
    }
}
