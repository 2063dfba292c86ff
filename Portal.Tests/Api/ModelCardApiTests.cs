using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Audit;
using Portal.Core.Auth;
using Portal.Core.Gates;
using Portal.Core.Registry;
using Portal.Web.Api;

namespace Portal.Tests.Api;

public sealed class ModelCardApiTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>
{
    private const string Card = $"/api/models/{TrainedModelFixture.Model}/versions/1/card";

    [Fact]
    public async Task GetCard_TrainedVersion_HasTrainingDataFeaturesMetricsAndArtefact()
    {
        using var client = await fixture.Factory.ClientForAsync(Roles.Viewer);

        var response = await client.GetAsync(Card);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var card = await response.JsonAsync();
        Assert.Equal(TrainedModelFixture.Model, card.GetProperty("model").GetString());
        Assert.Equal(1, card.GetProperty("version").GetInt32());
        Assert.Equal("trained", card.GetProperty("source").GetString());
        Assert.Equal("FastTree", card.GetProperty("trainer").GetString());
        Assert.True(card.GetProperty("options").GetProperty("numberOfTrees").GetDouble() > 0);
        Assert.StartsWith("datascientist-", card.GetProperty("createdBy").GetString());

        var data = card.GetProperty("trainingData");
        Assert.Equal(fixture.DatasetId, data.GetProperty("datasetId").GetInt32());
        Assert.True(data.GetProperty("available").GetBoolean());
        Assert.Equal("breast_cancer", data.GetProperty("name").GetString());
        Assert.Equal("breast_cancer.csv", data.GetProperty("fileName").GetString());
        Assert.Equal(569, data.GetProperty("rows").GetInt32());
        Assert.StartsWith("datascientist-", data.GetProperty("uploadedBy").GetString());
        Assert.True(data.GetProperty("uploadedAt").GetDateTimeOffset() <= card.GetProperty("createdAt").GetDateTimeOffset());
        Assert.Equal(64, data.GetProperty("sha256").GetString()!.Length);

        var testRows = card.GetProperty("testRows").GetInt32();
        Assert.Equal(569, testRows + card.GetProperty("trainingRows").GetInt32());
        Assert.Equal(testRows, card.GetProperty("metrics").GetProperty("testRows").GetInt32());
        Assert.InRange(card.GetProperty("metrics").GetProperty("auc").GetDouble(), 0.95, 1);
        Assert.Contains("test split", card.GetProperty("evaluation").GetString());

        var features = card.GetProperty("features");
        Assert.Equal(30, features.GetArrayLength());
        Assert.Equal("mean_radius", features[0].GetProperty("name").GetString());
        Assert.Equal("numeric", features[0].GetProperty("type").GetString());

        Assert.Equal(64, card.GetProperty("artefactSha256").GetString()!.Length);
        var version = await (await client.GetAsync($"/api/models/{TrainedModelFixture.Model}/versions/1")).JsonAsync();
        Assert.Equal(version.GetProperty("sha256").GetString(), card.GetProperty("artefactSha256").GetString());
        Assert.Equal(version.GetProperty("stage").GetString(), card.GetProperty("stage").GetString());
    }

    [Fact]
    public async Task GetCard_AfterPromotions_ListsEachMoveToTheVersionWithItsGates()
    {
        var registry = fixture.Factory.Services.GetRequiredService<IModelRegistry>();
        await registry.SetAliasAsync(TrainedModelFixture.Model, ModelAliases.Challenger, 1, "admin", "shadow first",
            [new GateResult(GateNames.MinAuc, true, 0.98, 0.9, null, "AUC 0.98 is at least 0.9.")]);
        using var client = await fixture.Factory.ClientForAsync(Roles.Viewer);

        var card = await (await client.GetAsync(Card)).JsonAsync();

        var promotion = card.GetProperty("promotions").EnumerateArray().Single(p => p.GetProperty("reason").GetString() == "shadow first");
        Assert.Equal("challenger", promotion.GetProperty("alias").GetString());
        Assert.Equal("admin", promotion.GetProperty("by").GetString());
        var gate = Assert.Single(promotion.GetProperty("gates").EnumerateArray());
        Assert.Equal(GateNames.MinAuc, gate.GetProperty("name").GetString());
        Assert.True(gate.GetProperty("passed").GetBoolean());
        Assert.Equal(0.9, gate.GetProperty("threshold").GetDouble());
        Assert.Contains("challenger", card.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));

        var markdown = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, Card) { Headers = { Accept = { new MediaTypeWithQualityHeaderValue("text/markdown") } } });
        var text = await markdown.Content.ReadAsStringAsync();
        Assert.Contains("shadow first", text);
        Assert.Contains($"passed `{GateNames.MinAuc}`: actual 0.98, threshold 0.9", text);
    }

    [Fact]
    public async Task GetCard_AcceptMarkdown_ReturnsTheCardAsMarkdown()
    {
        using var client = await fixture.Factory.ClientForAsync(Roles.Viewer);
        var request = new HttpRequestMessage(HttpMethod.Get, Card);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/markdown"));

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/markdown", response.Content.Headers.ContentType?.MediaType);
        var markdown = await response.Content.ReadAsStringAsync();
        Assert.StartsWith($"# Model card: {TrainedModelFixture.Model} v1", markdown);
        Assert.Contains("## Intended use", markdown);
        Assert.Contains("## Training data", markdown);
        Assert.Contains("breast_cancer.csv", markdown);
        Assert.Contains("| AUC | 0.9", markdown);
        Assert.Contains("| mean_radius | numeric |", markdown);
    }

    [Fact]
    public async Task GetCard_AcceptJsonPreferred_ReturnsJson()
    {
        using var client = await fixture.Factory.ClientForAsync(Roles.Viewer);
        var request = new HttpRequestMessage(HttpMethod.Get, Card);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/markdown", 0.5));

        var response = await client.SendAsync(request);

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task UpdateCard_DataScientist_IsShownByGetAndAudited()
    {
        using var client = await fixture.Factory.ClientForAsync(Roles.DataScientist);
        var use = $"Triage support for radiologists ({Guid.NewGuid():N}).";

        var put = await client.PutAsJsonAsync(Card, new { intendedUse = use, limitations = "  Not validated on | pipes\r\nor new scanners.  " });

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(use, (await put.JsonAsync()).GetProperty("intendedUse").GetString());
        var card = await (await client.GetAsync(Card)).JsonAsync();
        Assert.Equal(use, card.GetProperty("intendedUse").GetString());
        Assert.Equal("Not validated on | pipes\nor new scanners.", card.GetProperty("limitations").GetString());
        var audit = fixture.Factory.Services.GetRequiredService<IAuditLog>();
        var entries = await audit.QueryAsync(new AuditQuery(Action: AuditActions.CardUpdated, Target: $"{TrainedModelFixture.Model} v1"));
        Assert.Contains(entries, e => e.Details!.Contains(use));
    }

    [Fact]
    public async Task UpdateCard_Viewer_Returns403()
    {
        using var client = await fixture.Factory.ClientForAsync(Roles.Viewer);

        var response = await client.PutAsJsonAsync(Card, new { intendedUse = "x", limitations = "y" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task UpdateCard_TooLong_Returns400NamingTheField()
    {
        using var client = await fixture.Factory.ClientForAsync(Roles.DataScientist);

        var response = await client.PutAsJsonAsync(Card, new { intendedUse = "ok", limitations = new string('x', ModelCardService.MaxTextLength + 1) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.JsonAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("limitations", out _));
        Assert.False(errors.TryGetProperty("intendedUse", out _));
    }

    [Theory]
    [InlineData("GET", "/api/models/cancer/versions/99/card")]
    [InlineData("GET", "/api/models/nope/versions/1/card")]
    [InlineData("PUT", "/api/models/cancer/versions/99/card")]
    public async Task Card_UnknownVersion_Returns404(string method, string path)
    {
        using var client = await fixture.Factory.ClientForAsync(Roles.DataScientist);
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "PUT") request.Content = JsonContent.Create(new { intendedUse = "x" });

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task DownloadCard_Markdown_IsAFileNamedAfterTheVersion()
    {
        var cards = fixture.Factory.Services.GetRequiredService<ModelCardService>();

        var result = await DownloadsApi.CardMarkdown(TrainedModelFixture.Model, 1, cards, CancellationToken.None);

        var file = Assert.IsType<FileContentHttpResult>(result.Result);
        Assert.Equal("cancer-v1-card.md", file.FileDownloadName);
        Assert.StartsWith("text/markdown", file.ContentType);
        Assert.StartsWith("# Model card: cancer v1", System.Text.Encoding.UTF8.GetString(file.FileContents.Span));
    }

    [Fact]
    public async Task DownloadCard_UnknownVersion_ReturnsNotFound()
    {
        var cards = fixture.Factory.Services.GetRequiredService<ModelCardService>();

        var result = await DownloadsApi.CardMarkdown(TrainedModelFixture.Model, 99, cards, CancellationToken.None);

        Assert.IsType<NotFound>(result.Result);
    }

    [Fact]
    public async Task DownloadCard_NoCookie_DoesNotServeTheCard()
    {
        using var client = fixture.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync($"/download/models/{TrainedModelFixture.Model}/versions/1/card.json");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/login", response.Headers.Location?.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task DownloadCard_BearerToken_IsNotAcceptedOutsideTheApi()
    {
        var token = await fixture.Factory.TokenAsync("admin", PortalFactory.AdminPassword);
        using var client = fixture.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var response = await client.GetAsync($"/download/models/{TrainedModelFixture.Model}/versions/1/card.json");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }
}
