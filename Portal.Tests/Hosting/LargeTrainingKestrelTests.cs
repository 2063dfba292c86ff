using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Tests.Core.Training;

namespace Portal.Tests.Hosting;

/// <summary>
/// Training a generated 300,000-row x 20-column dataset through the REST API of the published app on Kestrel, the way an
/// operator runs it with a memory budget: the portal's managed heap capped by <c>DOTNET_GCHeapHardLimit</c>
/// (<see cref="HeapLimitBytes"/>, below the 270 MB the rows alone took as an in-memory table, whose training grew a process
/// by 509-622 MB in <see cref="TrainingMemoryTests"/>), and its absolute peak resident size while training (VmHWM reset
/// through /proc/PID/clear_refs before, and VmRSS sampled every 20 ms) under <see cref="BoundBytes"/>: measured 390-479 MB
/// (380-435 MB before training), where the in-memory table would have needed about 950 MB. The run succeeds with every
/// test row scored.
/// </summary>
public sealed class LargeTrainingKestrelTests(LargeTrainingKestrelTests.Fixture fixture) : IClassFixture<LargeTrainingKestrelTests.Fixture>
{
    private const int Rows = 300_000;

    /// <summary>The portal's managed heap limit: the budget a user sets (see the README), in bytes.</summary>
    private const long HeapLimitBytes = 256L << 20;

    /// <summary>The whole process's peak resident size (runtime, code, native LightGBM and the heap) while training.</summary>
    private const long BoundBytes = 640L << 20;

    public sealed class Fixture : KestrelFixture
    {
        protected override PortalProcessOptions Options => new()
        {
            Demo = false,
            Settings = { ["DOTNET_GCHeapHardLimit"] = "0x" + HeapLimitBytes.ToString("X", CultureInfo.InvariantCulture) },
        };
    }

    [Fact]
    public async Task A_300k_row_dataset_trains_with_LightGbm_within_a_heap_limit_and_under_the_peak_bound()
    {
        var folder = Directory.CreateTempSubdirectory("portal-large-training-").FullName;
        try
        {
            var path = Path.Combine(folder, "generated.csv");
            TrainingMemoryTests.Generate(path, Rows, seed: 5);
            using var client = await fixture.Portal.CreateAdminClientAsync();
            var datasetId = await UploadAsync(client, path);

            var pid = fixture.Portal.ProcessId;
            var (before, uploadPeak) = (Status(pid, "VmRSS:"), Status(pid, "VmHWM:"));
            var (peak, run) = await PeakAsync(pid, () => TrainAsync(client, datasetId));

            Console.WriteLine($"LargeTraining: {Rows} rows, heap limit {HeapLimitBytes >> 20} MB: resident {before >> 20} MB before training " +
                $"(peak {uploadPeak >> 20} MB since start, upload included), peak {peak >> 20} MB while training (+{(peak - before) >> 20} MB)");
            Assert.True(run.GetProperty("status").GetString() == "succeeded", run.ToString());
            Assert.Equal(Rows / 5, run.GetProperty("metrics").GetProperty("testRows").GetInt32(), tolerance: 1);
            Assert.InRange(run.GetProperty("metrics").GetProperty("auc").GetDouble(), 0.7, 1);
            Assert.True(peak < BoundBytes, $"The portal's peak resident memory was {peak >> 20} MB training {Rows} rows; the bound is {BoundBytes >> 20} MB.");
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

    /// <summary>The process's highest resident size while <paramref name="work"/> runs.</summary>
    private static async Task<(long Peak, T Result)> PeakAsync<T>(int pid, Func<Task<T>> work)
    {
        // "5" resets the peak (VmHWM) to the current resident size; the GC returns memory with madvise, which VmHWM does
        // not see go, so the resident size is sampled as well.
        await File.WriteAllTextAsync($"/proc/{pid}/clear_refs", "5");
        var peak = Status(pid, "VmRSS:");
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
            return (Math.Max(Interlocked.Read(ref peak), Status(pid, "VmHWM:")), result);
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
