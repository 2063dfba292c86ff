using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Portal.Core.Datasets;
using Portal.Core.Training;
using Portal.Tests.Hosting;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.E2E;

/// <summary>Labels arrive later as a CSV upload and turn into realized AUC on the model page.</summary>
[Collection(E2ECollection.Name)]
public sealed class RealizedPerformanceTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const int Rows = 120;

    [Fact]
    public async Task LabelsUploadedAsCsv_ShowAsRealizedAucOnTheModelPage()
    {
        using var api = new HttpClient { BaseAddress = new Uri(browser.Portal.BaseUrl) };
        var token = (await (await api.PostAsJsonAsync("/api/auth/token", new { username = "admin", password = PortalProcess.AdminPassword }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        // Score real credit_data rows through the API, remembering each prediction's true outcome.
        var features = (await api.GetFromJsonAsync<JsonElement>("/api/models/credit-risk/versions/1")).GetProperty("features").EnumerateArray()
            .ToDictionary(f => f.GetProperty("name").GetString()!, f => f.GetProperty("type").GetString()!);
        CsvTable table;
        await using (var file = File.OpenRead(TestPaths.Sample("credit_data.csv"))) table = CsvTableReader.Read(file);
        var status = table.IndexOf("Status");
        var scored = new List<(Guid Id, double Probability, string Truth)>();
        foreach (var row in table.Rows.Take(Rows))
        {
            var body = new JsonObject();
            foreach (var (name, type) in features)
            {
                var raw = row[table.IndexOf(name)];
                body[name] = raw is null ? null : type == "numeric" ? JsonValue.Create(double.Parse(raw, CultureInfo.InvariantCulture)) : JsonValue.Create(raw);
            }

            var answer = await (await api.PostAsJsonAsync("/api/models/credit-risk/predict", new { features = body })).Content.ReadFromJsonAsync<JsonElement>();
            scored.Add((answer.GetProperty("predictionId").GetGuid(), answer.GetProperty("probability").GetDouble(), row[status]!));
        }

        await Eventually.TrueAsync(async () => (await api.GetAsync($"/api/predictions/{scored[^1].Id}")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(60), "the prediction log to store the predictions");

        var csv = new StringBuilder("prediction_id,true_label,label_timestamp,label_source\n");
        foreach (var (id, _, truth) in scored) csv.Append(CultureInfo.InvariantCulture, $"{id},{truth},{DateTime.UtcNow:O},crm\n");
        csv.Append("00000000-0000-0000-0000-000000000000,bad,,crm\n");
        var page = await browser.SignedInPageAsync();
        await page.GotoAsync("/labels");
        // Typing before the circuit is live would be lost: the upload button is enabled only once it is.
        await Expect(page.GetByTestId("labels-file-button")).ToBeEnabledAsync();
        await page.GetByTestId("labels-paste").FillAsync(csv.ToString());
        await page.GetByTestId("labels-submit").ClickAsync();
        await Expect(page.GetByTestId("labels-accepted")).ToContainTextAsync($"{Rows} accepted");
        await Expect(page.GetByTestId("labels-report")).ToContainTextAsync("00000000-0000-0000-0000-000000000000");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDir, "labels-report.png"), FullPage = true });

        // The page must show the AUC of these very predictions against these labels.
        var expected = BinaryMetrics.Evaluate(scored.Select(s => s.Truth == "bad").ToArray(), scored.Select(s => s.Probability).ToArray(), 0).Metrics.Auc;
        await page.GotoAsync("/models/credit-risk");
        await Expect(page.GetByTestId("train-button")).ToBeEnabledAsync();
        await page.GetByTestId("tab-performance").ClickAsync();
        await Expect(page.GetByTestId("realized-auc-1")).ToHaveTextAsync(expected.ToString("0.000", CultureInfo.InvariantCulture));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDir, "realized-performance.png"), FullPage = true });
    }
}
