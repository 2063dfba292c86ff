using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Tests.Core.Training;

namespace Portal.Tests.Hosting;

/// <summary>
/// Training a generated 300,000-row x 20-column dataset through the REST API of the published app on Kestrel, the way an
/// operator runs it: the portal process's peak resident memory (its VmRSS sampled every 20 ms, and VmHWM after a reset
/// through /proc/PID/clear_refs) grows by far less than the in-memory table needed (538 MB measured in
/// <see cref="TrainingMemoryTests"/>), and the run succeeds with every test row scored.
/// </summary>
public sealed class LargeTrainingKestrelTests(LargeTrainingKestrelTests.Fixture fixture) : IClassFixture<LargeTrainingKestrelTests.Fixture>
{
    private const int Rows = 300_000;
    private const long BoundBytes = 300L << 20;

    public sealed class Fixture : KestrelFixture
    {
        protected override PortalProcessOptions Options => new() { Demo = false };
    }

    [Fact]
    public async Task A_300k_row_dataset_trains_with_LightGbm_while_the_process_peak_memory_grows_under_the_bound()
    {
        var folder = Directory.CreateTempSubdirectory("portal-large-training-").FullName;
        try
        {
            var path = Path.Combine(folder, "generated.csv");
            TrainingMemoryTests.Generate(path, Rows, seed: 5);
            using var client = await fixture.Portal.CreateAdminClientAsync();
            var datasetId = await UploadAsync(client, path);

            var (growth, run) = await PeakGrowthAsync(fixture.Portal.ProcessId, () => TrainAsync(client, datasetId));

            Console.WriteLine($"LargeTraining: {Rows} rows, peak resident memory of the portal grew by {growth >> 20} MB");
            Assert.True(run.GetProperty("status").GetString() == "succeeded", run.ToString());
            Assert.Equal(Rows / 5, run.GetProperty("metrics").GetProperty("testRows").GetInt32(), tolerance: 1);
            Assert.InRange(run.GetProperty("metrics").GetProperty("auc").GetDouble(), 0.7, 1);
            Assert.True(growth < BoundBytes, $"The portal's peak resident memory grew by {growth >> 20} MB training {Rows} rows; the bound is {BoundBytes >> 20} MB.");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<int> UploadAsync(HttpClient client, string path)
    {
        await using var file = File.OpenRead(path);
        var content = new StreamContent(file, 128 * 1024);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var upload = await client.PostAsync("/api/datasets?fileName=generated.csv", content);
        var text = await upload.Content.ReadAsStringAsync();
        Assert.True(upload.StatusCode == HttpStatusCode.Created, $"{(int)upload.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetInt32();
    }

    private static async Task<JsonElement> TrainAsync(HttpClient client, int datasetId)
    {
        using var start = await client.PostAsJsonAsync("/api/models/large-training/train",
            new { datasetId, label = "default", positiveClass = "yes", trainer = "LightGbm", testFraction = 0.2, seed = 1 });
        Assert.True(start.StatusCode == HttpStatusCode.Accepted, $"{(int)start.StatusCode}: {await start.Content.ReadAsStringAsync()}");
        var runId = JsonDocument.Parse(await start.Content.ReadAsStringAsync()).RootElement.GetProperty("runId").GetString();
        JsonElement run = default;
        await Eventually.TrueAsync(async () =>
        {
            run = JsonDocument.Parse(await client.GetStringAsync($"/api/runs/{runId}")).RootElement.Clone();
            return run.GetProperty("status").GetString() is "succeeded" or "failed";
        }, TimeSpan.FromMinutes(8), $"training run {runId} to finish");
        return run;
    }

    /// <summary>How far the process's resident memory rose above where it stood when <paramref name="work"/> began.</summary>
    private static async Task<(long Growth, T Result)> PeakGrowthAsync<T>(int pid, Func<Task<T>> work)
    {
        var before = Status(pid, "VmRSS:");
        // "5" resets the peak (VmHWM) to the current resident size; the GC returns memory with madvise, which VmHWM does
        // not see go, so the resident size is sampled as well.
        await File.WriteAllTextAsync($"/proc/{pid}/clear_refs", "5");
        var peak = before;
        using var done = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
            try
            {
                do Interlocked.Exchange(ref peak, Math.Max(Interlocked.Read(ref peak), Status(pid, "VmRSS:")));
                while (await timer.WaitForNextTickAsync(done.Token));
            }
            catch (OperationCanceledException)
            {
                // The work is over: the last sample stands.
            }
        });
        try
        {
            var result = await work();
            await done.CancelAsync();
            await sampler;
            return (Math.Max(Interlocked.Read(ref peak), Status(pid, "VmHWM:")) - before, result);
        }
        finally
        {
            await done.CancelAsync();
        }
    }

    private static long Status(int pid, string field)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }
}
