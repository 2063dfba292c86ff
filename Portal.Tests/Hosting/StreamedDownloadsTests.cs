using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Portal.Tests.Hosting;

/// <summary>
/// Every streamed download on a real Kestrel process, with enough logged predictions (2,400, well over 200 KB of CSV)
/// that the writer flushes many times: Kestrel refuses synchronous writes, which TestServer tolerates. Before any
/// prediction is logged, the exports are header-only files.
/// </summary>
public sealed class StreamedDownloadsTests(StreamedDownloadsTests.Fixture fixture) : IClassFixture<StreamedDownloadsTests.Fixture>
{
    public const string Model = "credit-risk";
    public const int Rows = 2_400;

    public sealed class Fixture : IAsyncLifetime
    {
        public PortalProcess Portal { get; private set; } = null!;
        public HttpClient Api { get; private set; } = null!;
        public HttpClient Browser { get; private set; } = null!;
        public Dictionary<string, string> EmptyExports { get; } = new();

        public async Task InitializeAsync()
        {
            Portal = await PortalProcess.StartAsync(new PortalProcessOptions { Demo = true });
            Api = await Portal.CreateAdminClientAsync();
            Browser = await BrowserLogin.SignInAsync(Portal);
            foreach (var url in CsvUrls) EmptyExports[url] = await ClientFor(url).GetStringAsync(url);

            var predict = await Api.PostAsJsonAsync($"/api/models/{Model}/predict", new { instances = Instances() });
            Assert.True(predict.IsSuccessStatusCode, await predict.Content.ReadAsStringAsync());
            var lastId = (await predict.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("predictions").EnumerateArray().Last().GetProperty("predictionId").GetString();
            // The log writer stores predictions in the background.
            await Eventually.TrueAsync(async () => (await Api.GetAsync($"/api/predictions/{lastId}")).StatusCode == HttpStatusCode.OK,
                TimeSpan.FromMinutes(1), "the last prediction to be stored");
            var drift = await Api.PostAsync($"/api/models/{Model}/drift/run", null);
            Assert.True(drift.IsSuccessStatusCode, await drift.Content.ReadAsStringAsync());
        }

        public HttpClient ClientFor(string url) => url.StartsWith("/download/", StringComparison.Ordinal) ? Browser : Api;

        public async Task DisposeAsync()
        {
            Api?.Dispose();
            Browser?.Dispose();
            if (Portal is not null) await Portal.DisposeAsync();
        }
    }

    public static readonly string[] CsvUrls =
    [
        $"/ops/export/outcomes.csv?model={Model}",
        $"/api/models/{Model}/predictions.csv",
        $"/download/models/{Model}/outcomes.csv",
        $"/download/models/{Model}/predictions.csv",
    ];

    public static TheoryData<string> Csvs() => new(CsvUrls);

    [Theory]
    [MemberData(nameof(Csvs))]
    public async Task CsvExport_ThousandsOfRows_ArrivesWhole(string url)
    {
        var response = await fixture.ClientFor(url).GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/csv", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();

        var lines = body.Split("\r\n");
        Assert.Equal("", lines[^1]); // the last record ends with its line break: nothing cut off
        Assert.StartsWith("prediction_id,model,version,", lines[0]);
        Assert.Equal(Rows, lines.Length - 2);
        var columns = lines[0].Split(',').Length;
        Assert.All(lines[1..^1], line => Assert.Equal(columns, line.Split(',').Length));
        Assert.True(body.Length > 200_000, $"{body.Length} characters should flush many times");
    }

    [Theory]
    [MemberData(nameof(Csvs))]
    public void CsvExport_NoPredictionsYet_IsTheHeaderLine(string url)
    {
        var body = fixture.EmptyExports[url];
        Assert.StartsWith("prediction_id,model,version,", body);
        Assert.EndsWith("\r\n", body);
        Assert.Single(body.Split("\r\n", StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("/download/models/credit-risk/versions/1/card.json", "application/json", "\"model\"")]
    [InlineData("/download/models/credit-risk/versions/1/card.md", "text/markdown", "# ")]
    [InlineData("/download/models/credit-risk/drift/report.html", "text/html", "Income")]
    [InlineData("/api/models/credit-risk/drift/report", "text/html", "Income")]
    public async Task FileDownload_OnKestrel_ArrivesWhole(string url, string mediaType, string contains)
    {
        var response = await fixture.ClientFor(url).GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains(contains, body, StringComparison.OrdinalIgnoreCase);
        if (response.Content.Headers.ContentLength is { } length) Assert.Equal(length, System.Text.Encoding.UTF8.GetByteCount(body));
    }

    [Fact]
    public async Task ModelCard_AsMarkdownFromTheApi_OnKestrel_ArrivesWhole()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/models/{Model}/versions/1/card");
        request.Headers.Accept.ParseAdd("text/markdown");
        var response = await fixture.Api.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/markdown", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(Model, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Complete rows of credit_data.csv as feature objects, repeated up to <see cref="Rows"/>.</summary>
    private static List<JsonObject> Instances() => CreditRows.Features(Rows);
}
