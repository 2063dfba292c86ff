using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Auth;
using Portal.Core.Serving;
using Portal.Core.Serving.Scoring;
using Portal.Tests.Core.Serving.Onnx;

namespace Portal.Tests.Api;

/// <summary>An ONNX champion is stored as vN.onnx and served again through ONNX Runtime after a restart.</summary>
public sealed class OnnxRestartTests
{
    [Fact]
    public async Task Restart_OnnxChampion_IsLoadedFromItsOnnxArtefactAndServesTheSameProbabilities()
    {
        var root = Path.Combine(Path.GetTempPath(), "portal-tests", Guid.NewGuid().ToString("N"));
        var (cells, expected) = OnnxFixtures.Expected("breast_logistic.expected.csv")[3];
        var features = cells.Where(c => c.Key != OnnxFixtures.BreastLabel)
            .ToDictionary(c => c.Key, c => double.Parse(c.Value!, CultureInfo.InvariantCulture));
        using (var first = new PortalFactory { Root = root, DeleteRootOnDispose = false })
        {
            using var admin = await first.ClientForAsync(Roles.Admin);
            var datasetId = await admin.UploadSampleAsync("breast_cancer.csv");
            using var form = new MultipartFormDataContent
            {
                { new ByteArrayContent(OnnxFixtures.Bytes("breast_logistic.onnx")), "file", "model.onnx" },
                { new StringContent(datasetId.ToString(CultureInfo.InvariantCulture)), "datasetId" },
                { new StringContent(OnnxFixtures.BreastLabel), "label" },
            };
            Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/api/models/onnx-restart/versions", form)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync("/api/models/onnx-restart/versions/1/promote", new { alias = "champion", reason = "onnx" })).StatusCode);
        }

        using var second = new PortalFactory { Root = root };
        using var client = await second.ClientForAsync(Roles.Admin);
        var champion = second.Services.GetRequiredService<ModelServer>().Snapshot().Single(s => s.Champion?.Model == "onnx-restart").Champion!;
        Assert.Equal(ScorerKinds.Onnx, champion.ScorerKind);
        Assert.Equal("onnx-restart/v1.onnx", champion.Info.ArtefactKey);
        var response = await client.PostAsJsonAsync("/api/models/onnx-restart/predict", new { features });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, (await response.JsonAsync()).GetProperty("probability").GetDouble(), 1e-6);
    }
}
