using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Auth;
using Portal.Core.Registry;
using Portal.Core.Training;

namespace Portal.Tests.Api;

/// <summary>A version registered before training ranges were kept gets them from its dataset when the portal starts again.</summary>
public sealed class FeatureRangeBackfillApiTests
{
    private const string Model = "old-cancer";

    [Fact]
    public async Task Restart_VersionWithoutRanges_GetsThemFromItsDatasetAndWarns()
    {
        var root = Path.Combine(Path.GetTempPath(), "portal-tests", Guid.NewGuid().ToString("N"));
        using (var first = new PortalFactory { Root = root, DeleteRootOnDispose = false })
        {
            using var scientist = await first.ClientForAsync(Roles.DataScientist);
            var datasetId = await scientist.UploadSampleAsync("breast_cancer.csv");
            var start = await scientist.PostAsJsonAsync($"/api/models/{Model}/train",
                new { datasetId, label = "diagnosis", positiveClass = "malignant", options = new { numberOfTrees = 5 } });
            await first.WaitForRunAsync((await start.JsonAsync()).GetProperty("runId").GetGuid());
            // As an older release registered it: the same schema without ranges.
            var registry = first.Services.GetRequiredService<IModelRegistry>();
            var version = (await registry.GetVersionAsync(Model, 1))!;
            await registry.UpdateSchemaAsync(Model, 1, new FeatureSchema(version.Schema.Features.Select(f => f with { Range = null }).ToList()));
            Assert.Null(await RadiusRangeAsync(scientist));
        }

        using var second = new PortalFactory { Root = root };
        using var client = await second.ClientForAsync(Roles.Viewer);

        var range = await RadiusRangeAsync(client);
        Assert.NotNull(range);
        Assert.Equal(6.981, range!["min"]!.GetValue<double>(), 6);
        Assert.Equal(28.11, range["max"]!.GetValue<double>(), 6);
        var predict = await client.PostAsJsonAsync($"/api/models/{Model}/predict?version=1", new { features = Row(meanRadius: -500) });
        Assert.Equal(HttpStatusCode.OK, predict.StatusCode);
        Assert.Equal("mean_radius", (await predict.JsonAsync()).GetProperty("warnings")[0].GetProperty("feature").GetString());
    }

    private static async Task<JsonNode?> RadiusRangeAsync(HttpClient client)
    {
        var version = JsonNode.Parse(await client.GetStringAsync($"/api/models/{Model}/versions/1"))!;
        return version["features"]!.AsArray().Single(f => f!["name"]!.GetValue<string>() == "mean_radius")!["range"];
    }

    /// <summary>The first data row of breast_cancer.csv, with mean_radius replaced.</summary>
    private static JsonObject Row(double meanRadius)
    {
        var lines = File.ReadLines(TestPaths.Sample("breast_cancer.csv")).Take(2).ToArray();
        var names = lines[0].Split(',');
        var values = lines[1].Split(',');
        var row = new JsonObject();
        for (var i = 0; i < names.Length; i++)
            if (names[i] != "diagnosis") row[names[i]] = double.Parse(values[i], System.Globalization.CultureInfo.InvariantCulture);
        row["mean_radius"] = meanRadius;
        return row;
    }
}
