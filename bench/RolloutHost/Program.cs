// The real portal (Portal.Web's Program, its configuration, auth, prediction log writer and shadow worker) on Kestrel,
// hosted through WebApplicationFactory so the benchmark can reach its ModelServer: the rollout service and its API are
// not needed to switch a rollout on and off. The demo model credit-risk (trained on first start) is the champion; a
// candidate trained on another split of the same data is loaded beside it.
//
//   dotnet RolloutHost.dll --port 5951 --data DIR --password PASS
//
// Prints "ready KEY" (a Viewer API key) once it serves, then reads commands from stdin, one a line:
//   none | ab | shadow   end any rollout, then start that one (ab: 50/50, keyless requests drawn at random)
//   stats                print the active rollout's live counters
//   diag                 print GC counts and pause time, thread-pool threads and queue
//   quit                 stop
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Datasets;
using Portal.Core.Registry;
using Portal.Core.Rollouts;
using Portal.Core.Serving;
using Portal.Core.Training;

namespace Portal.Bench.RolloutHost;

internal static class Host
{
    public static async Task<int> Main(string[] args)
    {
        var port = int.Parse(Arg("--port") ?? "5951", System.Globalization.CultureInfo.InvariantCulture);
        var data = Arg("--data") ?? throw new ArgumentException("--data DIR is required");
        var password = Arg("--password") ?? "Bench-pass-1";
        const string model = "credit-risk";

        await using var factory = new HostFactory(data, password);
        factory.UseKestrel(port);
        factory.StartServer();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        var server = factory.Services.GetRequiredService<ModelServer>();
        var deadline = DateTime.UtcNow.AddMinutes(10);
        while (server.Find(model, null, null).Value is null)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the demo model is not serving after 10 minutes");
            await Task.Delay(500);
        }

        var champion = server.Find(model, null, null).Value!;
        var candidate = LoadCandidate(factory.Services, server, champion);
        var key = await ApiKeyAsync(http, password);
        Console.WriteLine($"ready {key}");
        Console.Out.Flush();

        // The command loop blocks on stdin: on a thread of its own, never on a pool thread. After the awaits above this
        // method runs on the thread pool, and a worker parked in ReadLine for the whole run starved the pool of the
        // portal's own requests (on one core the pool keeps few threads): every run had a half-second stall.
        var commands = new Thread(() => Commands(server, model, champion, candidate)) { IsBackground = true, Name = "bench-commands" };
        commands.Start();
        commands.Join();
        return 0;

        string? Arg(string name) => Array.IndexOf(args, name) is var i && i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    static void Commands(ModelServer server, string model, ServedModel champion, ServedModel candidate)
    {
        while (Console.ReadLine() is { } line)
        {
            switch (line.Trim())
            {
                case "none":
                    server.EndRollout(model);
                    Console.WriteLine("ok none");
                    break;
                case "ab" or "shadow":
                    server.EndRollout(model);
                    var kind = line.Trim() == "ab" ? RolloutKind.Ab : RolloutKind.Shadow;
                    var plan = new RolloutPlan(kind, candidate.Version, Weights: kind == RolloutKind.Ab ? new RolloutWeights(50, 50) : null).WithDefaults();
                    server.StartRollout(new Rollout(Guid.NewGuid(), model, champion.Version, plan, RolloutState.Running, 0, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, null, null, "bench"), candidate);
                    Console.WriteLine($"ok {line.Trim()}");
                    break;
                case "stats":
                    Console.WriteLine(server.RolloutOf(model)?.Stats.Snapshot().ToString() ?? "no rollout");
                    break;
                case "diag":
                    // Where a stall comes from: garbage collections and their pauses, and the thread pool's size and queue.
                    Console.WriteLine(FormattableString.Invariant(
                        $"gc {GC.CollectionCount(0)} {GC.CollectionCount(1)} {GC.CollectionCount(2)} pause_ms {GC.GetTotalPauseDuration().TotalMilliseconds:F1} threads {ThreadPool.ThreadCount} pending {ThreadPool.PendingWorkItemCount} completed {ThreadPool.CompletedWorkItemCount}"));
                    break;
                case "quit":
                    return;
                default:
                    Console.WriteLine($"unknown command '{line}'");
                    break;
            }

            Console.Out.Flush();
        }
    }

    static ServedModel LoadCandidate(IServiceProvider services, ModelServer server, ServedModel champion)
    {
        var samples = Path.Combine(AppContext.BaseDirectory, "samples", "credit_data.csv");
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); !File.Exists(samples) && dir?.Parent is not null; dir = dir.Parent)
            samples = Path.Combine(dir.Parent.FullName, "samples", "credit_data.csv");
        using var stream = File.OpenRead(samples);
        var trained = new ModelTrainer().Train(CsvTableReader.Read(stream), new TrainingRequest(1, "Status", "bad", Seed: 7));
        var artefacts = services.GetRequiredService<ArtefactStore>();
        const int version = 99;
        var stored = artefacts.WriteAsync(champion.Model, version, trained.Artefact).GetAwaiter().GetResult();
        var info = champion.Info with
        {
            Version = version, Schema = trained.Schema, Evaluation = trained.Evaluation, ArtefactKey = stored.Key, Sha256 = stored.Sha256,
            PositiveClass = trained.PositiveClass, NegativeClass = trained.NegativeClass,
        };
        server.Track(info);
        return server.Load(info);
    }

    static async Task<string> ApiKeyAsync(HttpClient http, string password)
    {
        var token = await http.PostAsJsonAsync("/api/auth/token", new { username = "admin", password });
        token.EnsureSuccessStatusCode();
        var bearer = (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/keys") { Content = JsonContent.Create(new { name = "bench", role = "Viewer" }) };
        request.Headers.Authorization = new("Bearer", bearer);
        var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }
}

/// <summary>The portal as bench/run.sh runs it (Production, warnings only, drift runs off), in a scratch data folder.</summary>
internal sealed class HostFactory(string data, string password) : WebApplicationFactory<global::Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(data);
        builder.UseEnvironment("Production");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:Console:LogToStandardErrorThreshold", "Trace"); // stdout is the command channel
        builder.UseSetting("ConnectionStrings:Portal", $"Data Source={Path.Combine(data, "portal.db")}");
        builder.UseSetting("Portal:ModelsPath", Path.Combine(data, "models"));
        builder.UseSetting("Portal:Bootstrap:AdminPassword", password);
        builder.UseSetting("Portal:Monitoring:DriftIntervalMinutes", "0");
    }
}
