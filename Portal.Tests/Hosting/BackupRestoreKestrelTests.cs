using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Cli;

namespace Portal.Tests.Hosting;

/// <summary>
/// The whole procedure on real processes: a backup streamed by Kestrel from POST /api/admin/backup while clients keep
/// predicting (so the log writer is storing batches), restored with `portal restore` into a new data folder and a models
/// folder elsewhere, and a portal started on them that serves the same champion with the same probabilities and keeps
/// its history (versions, stored predictions, audit entries).
/// </summary>
public sealed class BackupRestoreKestrelTests : IAsyncLifetime
{
    private const string Model = "credit-risk";
    private readonly string _base = Path.Combine(Path.GetTempPath(), "portal-e2e", "backup-" + Guid.NewGuid().ToString("N"));

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Backup_WhilePredictionsAreLogged_RestoredPortalAnswersAlikeWithItsHistory()
    {
        var rows = CreditRows.Features(25);
        var archive = Path.Combine(_base, "portal-backup.tar.gz");
        List<double> probabilities;
        string lastStored, versionsBefore;
        int championBefore, auditBefore;
        await using (var portal = await PortalProcess.StartAsync(new PortalProcessOptions { Root = Path.Combine(_base, "original") }))
        {
            using var admin = await portal.CreateAdminClientAsync();
            (probabilities, lastStored) = await PredictAsync(admin, rows);
            await Eventually.TrueAsync(async () => (await admin.GetAsync($"/api/predictions/{lastStored}")).StatusCode == HttpStatusCode.OK,
                TimeSpan.FromMinutes(1), "the batch to be stored");
            (championBefore, versionsBefore) = await RegistryAsync(admin);
            auditBefore = (await admin.GetFromJsonAsync<JsonElement>("/api/audit?take=500")).GetArrayLength();

            // Clients keep predicting, one row at a time, for as long as the backup takes.
            using var stop = new CancellationTokenSource();
            var calls = 0;
            var traffic = Task.Run(async () =>
            {
                using var client = await portal.CreateAdminClientAsync();
                while (!stop.IsCancellationRequested)
                {
                    var response = await client.PostAsJsonAsync($"/api/models/{Model}/predict", new { features = rows[calls % rows.Count] });
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    Interlocked.Increment(ref calls);
                }
            });
            await Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref calls) >= 20), TimeSpan.FromMinutes(1), "predictions under way");

            using (var backup = await admin.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/admin/backup"), HttpCompletionOption.ResponseHeadersRead))
            {
                Assert.Equal(HttpStatusCode.OK, backup.StatusCode);
                Directory.CreateDirectory(_base);
                await using var file = File.Create(archive);
                await backup.Content.CopyToAsync(file);
            }

            var during = Volatile.Read(ref calls);
            await Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref calls) > during), TimeSpan.FromMinutes(1), "predictions after the backup");
            await stop.CancelAsync();
            await traffic;
        }

        // Restored into a new data folder, the artefact store somewhere else.
        var data = Path.Combine(_base, "restored");
        var models = Path.Combine(_base, "artefacts-elsewhere");
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await CliApp.RunAsync(["restore", archive, "--data", data, "--models", models], new CliEnvironment { Out = output, Error = error });
        Assert.True(exit == ExitCodes.Ok, error.ToString());

        var options = new PortalProcessOptions { Root = data, Demo = false, Settings = { ["Portal:ModelsPath"] = models } };
        await using (var portal = await PortalProcess.StartAsync(options))
        {
            using var admin = await portal.CreateAdminClientAsync();
            var (again, _) = await PredictAsync(admin, rows);
            Assert.Equal(probabilities, again);
            var (champion, versions) = await RegistryAsync(admin);
            Assert.Equal(championBefore, champion);
            Assert.Equal(versionsBefore, versions);
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/predictions/{lastStored}")).StatusCode);
            Assert.True((await admin.GetFromJsonAsync<JsonElement>("/api/audit?take=500")).GetArrayLength() >= auditBefore);
        }
    }

    private static async Task<(List<double> Probabilities, string LastId)> PredictAsync(HttpClient client, IReadOnlyList<System.Text.Json.Nodes.JsonObject> rows)
    {
        var response = await client.PostAsJsonAsync($"/api/models/{Model}/predict", new { instances = rows });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var predictions = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("predictions").EnumerateArray().ToList();
        return (predictions.Select(p => p.GetProperty("probability").GetDouble()).ToList(), predictions[^1].GetProperty("predictionId").GetString()!);
    }

    /// <summary>The champion and every version with its artefact's SHA-256 and stage, as text to compare.</summary>
    private static async Task<(int Champion, string Versions)> RegistryAsync(HttpClient client)
    {
        var model = await client.GetFromJsonAsync<JsonElement>($"/api/models/{Model}");
        var versions = model.GetProperty("versions").EnumerateArray()
            .Select(v => $"{v.GetProperty("version").GetInt32()}:{v.GetProperty("sha256").GetString()}:{v.GetProperty("stage").GetString()}");
        return (model.GetProperty("championVersion").GetInt32(), string.Join(",", versions));
    }

    public Task DisposeAsync()
    {
        if (Directory.Exists(_base)) Directory.Delete(_base, recursive: true);
        return Task.CompletedTask;
    }
}
