using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.Core.Auth;

namespace Portal.Tests.Api;

/// <summary>
/// A category the training data never held: warned about by default, rejected or ignored per model, like a number far
/// out of range. Its own model trained on credit_data.csv (Home, Marital and Job are categorical there).
/// </summary>
public sealed class UnknownCategoryApiTests : IAsyncLifetime
{
    private const string Model = "credit-categories";
    private const string Predict = $"/api/models/{Model}/predict?version=1";
    private readonly PortalFactory _factory = new();

    public async Task InitializeAsync()
    {
        using var client = await _factory.ClientForAsync(Roles.DataScientist);
        var datasetId = await client.UploadSampleAsync("credit_data.csv");
        var response = await client.PostAsJsonAsync($"/api/models/{Model}/train",
            new { datasetId, label = "Status", positiveClass = "bad", options = new { numberOfTrees = 5 } });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await _factory.WaitForRunAsync((await response.JsonAsync()).GetProperty("runId").GetGuid());
    }

    public Task DisposeAsync()
    {
        _factory.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>The first data row of credit_data.csv, with Home replaced when given.</summary>
    private static JsonObject Row(string? home = null)
    {
        var row = new JsonObject
        {
            ["Seniority"] = 9, ["Home"] = home ?? "rent", ["Time"] = 60, ["Age"] = 30, ["Marital"] = "married", ["Records"] = "no",
            ["Job"] = "freelance", ["Expenses"] = 73, ["Income"] = 129, ["Assets"] = 0, ["Debt"] = 0, ["Amount"] = 800, ["Price"] = 846,
        };
        return row;
    }

    private async Task SetPolicyAsync(string policy)
    {
        using var admin = await _factory.ClientForAsync(Roles.Admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/models/{Model}/gates", new { inputRange = policy })).StatusCode);
    }

    [Fact]
    public async Task Policies_WarnRejectOff_ForAnUnknownCategory()
    {
        using var client = await _factory.ClientForAsync(Roles.Viewer);

        // Warn (default): scored, and the warning names the feature and the value.
        var warned = await client.PostAsJsonAsync(Predict, new { features = Row("castle") });
        Assert.Equal(HttpStatusCode.OK, warned.StatusCode);
        var w = Assert.Single((await warned.JsonAsync()).GetProperty("warnings").EnumerateArray());
        Assert.Equal("Home", w.GetProperty("feature").GetString());
        Assert.Equal("unknown_category", w.GetProperty("kind").GetString());
        Assert.Equal("castle", w.GetProperty("value").GetString());
        Assert.False(w.TryGetProperty("min", out _));
        Assert.Contains("Home = \"castle\" is not a category the model was trained on (", w.GetProperty("message").GetString());
        Assert.Contains("owner", w.GetProperty("message").GetString());

        // A known category: nothing.
        Assert.Empty((await (await client.PostAsJsonAsync(Predict, new { features = Row() })).JsonAsync()).GetProperty("warnings").EnumerateArray());

        // Reject: 400 ProblemDetails naming the feature, in a single row and in a batch.
        await SetPolicyAsync("reject");
        var rejected = await client.PostAsJsonAsync(Predict, new { features = Row("castle") });
        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        Assert.Equal("application/problem+json", rejected.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"castle\"", (await rejected.JsonAsync()).GetProperty("errors").GetProperty("Home")[0].GetString());
        var batch = await client.PostAsJsonAsync(Predict, new { instances = new[] { Row(), Row("castle") } });
        Assert.Equal(HttpStatusCode.BadRequest, batch.StatusCode);
        Assert.Equal(JsonValueKind.Array, (await batch.JsonAsync()).GetProperty("errors").GetProperty("instances[1].Home").ValueKind);

        // Off: scored, nothing said.
        await SetPolicyAsync("off");
        var silent = await client.PostAsJsonAsync(Predict, new { features = Row("castle") });
        Assert.Equal(HttpStatusCode.OK, silent.StatusCode);
        Assert.Empty((await silent.JsonAsync()).GetProperty("warnings").EnumerateArray());
    }

    [Fact]
    public async Task Predict_OutOfRangeAndUnknownCategory_BothWarnedWithTheirKind()
    {
        using var client = await _factory.ClientForAsync(Roles.Viewer);
        var row = Row("castle");
        row["Income"] = 1_000_000;

        var warnings = (await (await client.PostAsJsonAsync(Predict, new { features = row })).JsonAsync()).GetProperty("warnings").EnumerateArray().ToList();

        Assert.Equal(["Income:out_of_range", "Home:unknown_category"], warnings.Select(w => $"{w.GetProperty("feature").GetString()}:{w.GetProperty("kind").GetString()}"));
        Assert.Equal(1_000_000, warnings[0].GetProperty("value").GetDouble());
    }
}
