using System.Net;
using System.Net.Http.Json;
using Portal.Core.Auth;
using Portal.Core.Training;

namespace Portal.Tests.Api;

/// <summary>
/// A training request that names no trainer trains LightGbm on a dataset of Portal:Training:LargeDatasetRows rows or more
/// (faster and as accurate on large files, issue 19), FastTree below; a named trainer or options are always kept.
/// </summary>
public sealed class DefaultTrainerApiTests
{
    [Theory]
    [InlineData(TrainingSettings.DefaultLargeDatasetRows, 99_999, TrainerKind.FastTree)]
    [InlineData(TrainingSettings.DefaultLargeDatasetRows, 100_000, TrainerKind.LightGbm)]
    [InlineData(500, 569, TrainerKind.LightGbm)]
    [InlineData(500, 499, TrainerKind.FastTree)]
    public void DefaultTrainerFor_SwitchesAtTheConfiguredRows(long largeRows, long rows, TrainerKind expected) =>
        Assert.Equal(expected, new TrainingSettings(LargeDatasetRows: largeRows).DefaultTrainerFor(rows));

    [Fact]
    public async Task Train_NoTrainerOnALargeDataset_TrainsLightGbm_NamedTrainerKept()
    {
        using var factory = new PortalFactory();
        factory.Settings["Portal:Training:LargeDatasetRows"] = "500"; // breast_cancer.csv has 569 rows
        using var scientist = await factory.ClientForAsync(Roles.DataScientist);
        var dataset = await scientist.UploadSampleAsync("breast_cancer.csv");

        Assert.Equal("LightGbm", await TrainedWithAsync(factory, scientist, "unnamed", new { datasetId = dataset, label = "diagnosis", positiveClass = "malignant" }));
        Assert.Equal("FastTree", await TrainedWithAsync(factory, scientist, "named", new { datasetId = dataset, label = "diagnosis", positiveClass = "malignant", trainer = "FastTree" }));
        Assert.Equal("FastTree", await TrainedWithAsync(factory, scientist, "options", new { datasetId = dataset, label = "diagnosis", positiveClass = "malignant", options = new { numberOfTrees = 20 } }));
    }

    private static async Task<string?> TrainedWithAsync(PortalFactory factory, HttpClient scientist, string model, object body)
    {
        var response = await scientist.PostAsJsonAsync($"/api/models/{model}/train", body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var run = await factory.WaitForRunAsync((await response.JsonAsync()).GetProperty("runId").GetGuid());
        Assert.True(run.Version is not null, run.Error);
        var version = await (await scientist.GetAsync($"/api/models/{model}/versions/{run.Version}")).JsonAsync();
        return version.GetProperty("trainer").GetString();
    }
}
