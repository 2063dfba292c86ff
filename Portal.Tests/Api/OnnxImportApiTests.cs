using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Portal.Core.Auth;
using Portal.Core.Common;
using Portal.Tests.Core.Serving.Onnx;

namespace Portal.Tests.Api;

/// <summary>A portal with breast_cancer.csv and credit_data.csv uploaded, for importing the ONNX fixtures.</summary>
public sealed class OnnxImportFixture : IAsyncLifetime
{
    public PortalFactory Factory { get; } = new();
    public int BreastId { get; private set; }
    public int CreditId { get; private set; }
    public HttpClient Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Admin = await Factory.ClientForAsync(Roles.Admin);
        BreastId = await Admin.UploadSampleAsync("breast_cancer.csv");
        CreditId = await Admin.UploadSampleAsync("credit_data.csv");
    }

    public Task DisposeAsync()
    {
        Factory.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>
/// ONNX import end to end: scikit-learn models exported to ONNX (tools/reference/onnx_fixtures.py) are evaluated on the
/// held-out split, promoted, and served by predict with scikit-learn's probabilities; bad files are 422s naming
/// what is wrong, with nothing registered.
/// </summary>
public sealed class OnnxImportApiTests(OnnxImportFixture fx) : IClassFixture<OnnxImportFixture>
{
    private async Task<HttpResponseMessage> ImportAsync(string model, string file, int datasetId, string label)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(OnnxFixtures.Bytes(file)), "file", file);
        form.Add(new StringContent(datasetId.ToString(CultureInfo.InvariantCulture)), "datasetId");
        form.Add(new StringContent(label), "label");
        return await fx.Admin.PostAsync($"/api/models/{model}/versions", form);
    }

    /// <summary>A test row as predict's features: numbers for numeric columns, text for the others, null when missing.</summary>
    private static JsonObject Features(Dictionary<string, string?> cells, string label)
    {
        var row = new JsonObject();
        foreach (var (name, value) in cells)
        {
            if (name == label) continue;
            row[name] = value is null ? null
                : double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? JsonValue.Create(number)
                : JsonValue.Create(value);
        }

        return row;
    }

    [Fact]
    public async Task ImportOnnx_BoostedTrees_IsEvaluatedPromotedAndServesScikitLearnsProbabilities()
    {
        var response = await ImportAsync("onnx-gbt", "breast_gbt.onnx", fx.BreastId, OnnxFixtures.BreastLabel);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var version = await response.JsonAsync();
        Assert.Equal("Imported", version.GetProperty("trainer").GetString());
        Assert.Equal("malignant", version.GetProperty("positiveClass").GetString());
        Assert.Equal(113, version.GetProperty("metrics").GetProperty("testRows").GetInt32());
        Assert.InRange(version.GetProperty("metrics").GetProperty("auc").GetDouble(), 0.95, 1);
        var stored = Path.Combine(fx.Factory.Root, "models", "onnx-gbt", "v1.onnx");
        Assert.Equal(OnnxFixtures.Bytes("breast_gbt.onnx"), File.ReadAllBytes(stored));
        Assert.Equal(Sha256Hex.Of(OnnxFixtures.Bytes("breast_gbt.onnx")), version.GetProperty("sha256").GetString());

        var promoted = await fx.Admin.PostAsJsonAsync("/api/models/onnx-gbt/versions/1/promote", new { alias = "champion", reason = "onnx" });
        Assert.Equal(HttpStatusCode.OK, promoted.StatusCode);

        var rows = OnnxFixtures.Expected("breast_gbt.expected.csv");
        var single = await (await fx.Admin.PostAsJsonAsync("/api/models/onnx-gbt/predict", new { features = Features(rows[0].Cells, OnnxFixtures.BreastLabel) })).JsonAsync();
        Assert.Equal(1, single.GetProperty("version").GetInt32());
        Assert.Equal(rows[0].Expected, single.GetProperty("probability").GetDouble(), 1e-6);
        Assert.Equal(rows[0].Expected >= 0.5 ? "malignant" : "benign", single.GetProperty("label").GetString());

        var batch = rows.Take(20).ToList();
        var body = await (await fx.Admin.PostAsJsonAsync("/api/models/onnx-gbt/predict",
            new { instances = batch.Select(r => Features(r.Cells, OnnxFixtures.BreastLabel)).ToArray() })).JsonAsync();
        var predictions = body.GetProperty("predictions").EnumerateArray().ToList();
        Assert.Equal(batch.Count, predictions.Count);
        for (var i = 0; i < batch.Count; i++)
            Assert.Equal(batch[i].Expected, predictions[i].GetProperty("probability").GetDouble(), 1e-6);
    }

    [Fact]
    public async Task ImportOnnx_OneInputPerColumn_ServesCategoricalAndMissingValuesLikeScikitLearn()
    {
        var response = await ImportAsync("onnx-credit", "credit_logistic.onnx", fx.CreditId, OnnxFixtures.CreditLabel);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var version = await response.JsonAsync();
        Assert.Equal("bad", version.GetProperty("positiveClass").GetString());
        Assert.InRange(version.GetProperty("metrics").GetProperty("auc").GetDouble(), 0.75, 1);

        // Rows with a missing value among the first ones the test split holds, and plain rows.
        var rows = OnnxFixtures.Expected("credit_logistic.expected.csv");
        var chosen = rows.Where(r => r.Cells.Values.Any(v => v is null)).Take(5).Concat(rows.Take(10)).ToList();
        Assert.Contains(chosen, r => r.Cells.Values.Any(v => v is null));
        var body = await (await fx.Admin.PostAsJsonAsync("/api/models/onnx-credit/predict?version=1",
            new { instances = chosen.Select(r => Features(r.Cells, OnnxFixtures.CreditLabel)).ToArray() })).JsonAsync();
        var predictions = body.GetProperty("predictions").EnumerateArray().ToList();
        for (var i = 0; i < chosen.Count; i++)
            Assert.Equal(chosen[i].Expected, predictions[i].GetProperty("probability").GetDouble(), 1e-6);
    }

    [Theory]
    [InlineData("bad_truncated.onnx", "breast", "not a loadable ML.NET model zip (it does not start with PK) nor a loadable ONNX model")]
    [InlineData("bad_no_probability.onnx", "breast", "The model has no probability output: a float tensor [N, 2] of class probabilities is needed, but its outputs are 'label' (an int64 tensor [N])")]
    [InlineData("bad_width.onnx", "breast", "The model's input 'input' takes 29 floats per row, but the dataset has 30 numeric and boolean features")]
    [InlineData("bad_name.onnx", "credit", "The model's input 'Agee' is not a column of the dataset")]
    public async Task ImportOnnx_BadFile_Returns422NamingWhatIsWrongAndRegistersNothing(string file, string dataset, string message)
    {
        var model = "onnx-" + Path.GetFileNameWithoutExtension(file).Replace('_', '-');
        var response = dataset == "breast"
            ? await ImportAsync(model, file, fx.BreastId, OnnxFixtures.BreastLabel)
            : await ImportAsync(model, file, fx.CreditId, OnnxFixtures.CreditLabel);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Contains(message, problem.GetProperty("errors").GetProperty("file")[0].GetString());
        Assert.EndsWith("Nothing was registered.", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await fx.Admin.GetAsync($"/api/models/{model}")).StatusCode);
        Assert.False(Directory.Exists(Path.Combine(fx.Factory.Root, "models", model)) && Directory.EnumerateFiles(Path.Combine(fx.Factory.Root, "models", model)).Any());
    }
}
