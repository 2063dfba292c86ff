using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Portal.Tests.Hosting;

/// <summary>
/// The real portal process, stopped and started again on moved folders: versions record artefact keys relative to
/// the store, so the demo champion serves from wherever the data folder or Portal:ModelsPath now points, and no
/// answer to a client (/health/ready, a 422) shows where the server keeps its files.
/// </summary>
public sealed class ArtefactStoreMoveTests : IAsyncLifetime
{
    private readonly string _base = Path.Combine(Path.GetTempPath(), "portal-e2e", "move-" + Guid.NewGuid().ToString("N"));

    private static readonly object Applicant = new
    {
        features = new Dictionary<string, object>
        {
            ["Seniority"] = 9, ["Home"] = "rent", ["Time"] = 60, ["Age"] = 30, ["Marital"] = "married", ["Records"] = "no", ["Job"] = "freelance",
            ["Expenses"] = 73, ["Income"] = 129, ["Assets"] = 0, ["Debt"] = 0, ["Amount"] = 800, ["Price"] = 846,
        },
    };

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Restart_DataFolderMovedAndModelsPathChanged_TheChampionServesAndNoServerPathIsShown()
    {
        var first = Path.Combine(_base, "first");
        await using (var portal = await PortalProcess.StartAsync(new PortalProcessOptions { Root = first }))
        {
            using var admin = await portal.CreateAdminClientAsync();
            Assert.Equal(1, (await PredictAsync(admin)).GetProperty("version").GetInt32());
        }

        // The whole data folder moves: database, datasets and models together.
        var moved = Path.Combine(_base, "moved");
        Directory.Move(first, moved);
        await using (var portal = await PortalProcess.StartAsync(new PortalProcessOptions { Root = moved, Demo = false }))
        {
            using var admin = await portal.CreateAdminClientAsync();
            Assert.Equal(1, (await PredictAsync(admin)).GetProperty("version").GetInt32());
            var ready = await portal.CreateClient().GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            AssertNoServerPath(await ready.Content.ReadAsStringAsync(), moved);
        }

        // Only the models folder moves, and Portal:ModelsPath says where.
        var models = Path.Combine(_base, "artefacts-elsewhere");
        Directory.Move(Path.Combine(moved, "models"), models);
        var elsewhere = new PortalProcessOptions { Root = moved, Demo = false, Settings = { ["Portal:ModelsPath"] = models } };
        await using (var portal = await PortalProcess.StartAsync(elsewhere))
        {
            using var admin = await portal.CreateAdminClientAsync();
            Assert.Equal(1, (await PredictAsync(admin)).GetProperty("version").GetInt32());

            // A champion whose artefact disappears: the reload's 422 names the artefact by its key only.
            File.Delete(Path.Combine(models, "credit-risk", "v1.zip"));
            var reload = await admin.PostAsync("/ops/reload-model?model=credit-risk", null);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, reload.StatusCode);
            var body = await reload.Content.ReadAsStringAsync();
            Assert.Contains("credit-risk/v1.zip", body);
            AssertNoServerPath(body, moved, models);
        }

        // Started without it, the portal is not ready and says which artefact, not where it looked.
        var broken = PortalProcess.Launch(elsewhere);
        await using (broken)
        {
            using var anonymous = broken.CreateClient();
            string? report = null;
            await Eventually.TrueAsync(async () =>
            {
                if (broken.HasExited) throw new InvalidOperationException(broken.Log);
                try
                {
                    var response = await anonymous.GetAsync("/health/ready");
                    report = await response.Content.ReadAsStringAsync();
                    return response.StatusCode == HttpStatusCode.ServiceUnavailable && report.Contains("credit-risk/v1.zip", StringComparison.Ordinal);
                }
                catch (HttpRequestException)
                {
                    return false; // Kestrel is not listening yet.
                }
            }, TimeSpan.FromMinutes(2), $"/health/ready reporting the missing artefact\n{broken.Log}");
            AssertNoServerPath(report!, moved, models);
        }
    }

    private static async Task<JsonElement> PredictAsync(HttpClient client)
    {
        var response = await client.PostAsJsonAsync("/api/models/credit-risk/predict", Applicant);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private void AssertNoServerPath(string body, params string[] folders)
    {
        foreach (var folder in folders.Append(_base).Append(Path.GetTempPath().TrimEnd(Path.DirectorySeparatorChar)))
            Assert.DoesNotContain(folder, body);
        Assert.DoesNotContain("/models/", body);
    }

    public Task DisposeAsync()
    {
        if (Directory.Exists(_base)) Directory.Delete(_base, recursive: true);
        return Task.CompletedTask;
    }
}
