// Open-loop load generator: sends POST requests on a fixed schedule (request i is due at start + i/rate),
// whatever the server does, over a few keep-alive connections, and measures each latency from the request's
// SCHEDULED time, not from when it could be sent. A closed-loop tool (wrk) waits for an answer before the
// next request on a connection, so a slow server slows the load and hides its own queueing ("coordinated
// omission"); here a stall shows up in every request scheduled during it.
//
//   dotnet LoadGen.dll --url URL --bodies FILE.jsonl [--rate 1000] [--duration 20] [--warmup 3]
//                      [--connections 8] [--drain 5] [--header Name=Value]... [--json OUT.json]
//
// Requests still unanswered --drain seconds after the schedule ends are cancelled and counted as
// "unanswered"; percentiles treat them as infinitely late (a percentile that lands on them prints "> cutoff").
using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

var opts = Options.Parse(args);
var bodies = File.ReadAllLines(opts.Bodies).Where(l => l.Length > 0).Select(Encoding.UTF8.GetBytes).ToArray();
if (bodies.Length == 0) return Fail("no bodies in " + opts.Bodies);

// Pinned to one core the thread pool starts with one thread and adds more only every half second or so: I/O
// completions waiting for a thread would read as server latency. Start with enough threads for every connection.
ThreadPool.SetMinThreads(Math.Max(8, opts.Connections * 2), Math.Max(8, opts.Connections * 2));

using var handler = new SocketsHttpHandler
{
    MaxConnectionsPerServer = opts.Connections,
    PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
    PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
    UseProxy = false,
    AutomaticDecompression = DecompressionMethods.None,
};
using var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
var uri = new Uri(opts.Url);

// Open the connections before the clock starts.
await Task.WhenAll(Enumerable.Range(0, opts.Connections).Select(i => Send(bodies[i % bodies.Length], CancellationToken.None)));

var warmupCount = (int)(opts.Rate * opts.Warmup);
var measuredCount = (int)(opts.Rate * opts.Duration);
var total = warmupCount + measuredCount;
var latencyTicks = new long[measuredCount];   // scheduled -> answered; -1: not answered (yet)
var status = new int[measuredCount];          // HTTP status, 0: failed or cancelled
Array.Fill(latencyTicks, -1L);
var lateSend = 0L;                            // the generator's own worst lateness in starting a request
var lastAnswer = 0L;                          // timestamp of the last answer in the measured window
var cancel = new CancellationTokenSource();
var pending = new List<Task>(total);
double tickPerSecond = Stopwatch.Frequency;
var period = tickPerSecond / opts.Rate;

// The scheduler runs on its own thread and sleeps with sub-millisecond precision (clock_nanosleep) until the
// next request is due; the requests' I/O completes on the thread pool.
var start = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 10;
var scheduler = new Thread(() =>
{
    for (var i = 0; i < total; i++)
    {
        var due = start + (long)(i * period);
        var now = Stopwatch.GetTimestamp();
        if (now < due) { Sleep.Until(due); now = Stopwatch.GetTimestamp(); }
        var index = i - warmupCount;
        if (index >= 0 && now - due > lateSend) lateSend = now - due;
        var body = bodies[i % bodies.Length];
        pending.Add(index < 0 ? Send(body, cancel.Token) : Measure(index, due, body));
    }
}) { IsBackground = true, Priority = ThreadPriority.Highest, Name = "schedule" };
scheduler.Start();
scheduler.Join();
var scheduleEnd = Stopwatch.GetTimestamp();
var all = Task.WhenAll(pending);
if (await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(opts.Drain))) != all) cancel.Cancel();
try { await all; } catch { /* counted per request */ }

var answered = 0; var ok = 0; var unanswered = 0;
var sorted = new List<double>(measuredCount);
for (var i = 0; i < measuredCount; i++)
{
    if (latencyTicks[i] < 0) { unanswered++; sorted.Add(double.PositiveInfinity); continue; }
    answered++;
    if (status[i] is >= 200 and < 300) ok++;
    sorted.Add(latencyTicks[i] * 1000.0 / tickPerSecond);
}
sorted.Sort();
// Answers per second over the measured window: from its first scheduled request to its last answer.
var measuredStart = start + (long)(warmupCount * period);
var measuredSeconds = (Math.Max(lastAnswer, scheduleEnd) - measuredStart) / tickPerSecond;
var answeredOnly = sorted.Where(double.IsFinite).ToList();
double? P(double q) => sorted.Count == 0 ? null : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)] is var v && double.IsInfinity(v) ? null : Math.Round(v, 3);
var cutoff = Math.Round(opts.Drain * 1000, 0);
var result = new Dictionary<string, object?>
{
    ["url"] = opts.Url, ["offered_rps"] = opts.Rate, ["duration_s"] = opts.Duration, ["connections"] = opts.Connections,
    ["scheduled"] = measuredCount, ["answered"] = answered, ["ok"] = ok, ["non_2xx_or_failed"] = measuredCount - unanswered - ok,
    ["unanswered_at_cutoff"] = unanswered, ["cutoff_ms_after_schedule"] = cutoff,
    ["answered_rps"] = Math.Round(answered / Math.Max(measuredSeconds, 1e-9), 1),
    ["p50_ms"] = P(0.50), ["p90_ms"] = P(0.90), ["p99_ms"] = P(0.99), ["p999_ms"] = P(0.999), ["max_ms"] = P(1.0),
    ["answered_p50_ms"] = answeredOnly.Count > 0 ? Math.Round(answeredOnly[answeredOnly.Count / 2], 3) : null,
    ["answered_max_ms"] = answeredOnly.Count > 0 ? Math.Round(answeredOnly[^1], 3) : null,
    ["generator_late_send_max_ms"] = Math.Round(lateSend * 1000.0 / tickPerSecond, 3),
};
string Show(string key) => result[key] is double d ? $"{d:F2} ms" : "unanswered";
Console.WriteLine($"offered {opts.Rate}/s for {opts.Duration}s over {opts.Connections} connections: scheduled {measuredCount}, ok {ok}, " +
    $"other {result["non_2xx_or_failed"]}, unanswered {unanswered}; p50 {Show("p50_ms")}, p99 {Show("p99_ms")}, p99.9 {Show("p999_ms")}, max {Show("max_ms")} " +
    $"(from scheduled time; generator's worst send lateness {result["generator_late_send_max_ms"]} ms); answered {result["answered_rps"]}/s" +
    (unanswered > 0 ? $", answered requests only: p50 {Show("answered_p50_ms")}, max {Show("answered_max_ms")}" : ""));
if (opts.Json is { } path) File.WriteAllText(path, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
return 0;

async Task Measure(int index, long scheduled, byte[] body)
{
    var code = await Send(body, cancel.Token);
    if (code < 0) return; // cancelled at the cutoff: stays unanswered
    status[index] = code;
    var now = Stopwatch.GetTimestamp();
    latencyTicks[index] = now - scheduled;
    InterlockedMax(ref lastAnswer, now);
}

async Task<int> Send(byte[] body, CancellationToken ct)
{
    try
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body), Version = HttpVersion.Version11 };
        request.Content.Headers.ContentType = new("application/json");
        foreach (var (name, value) in opts.Headers) request.Headers.TryAddWithoutValidation(name, value);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        return (int)response.StatusCode;
    }
    catch (OperationCanceledException) when (ct.IsCancellationRequested) { return -1; }
    catch (HttpRequestException) { return 0; }
}

static void InterlockedMax(ref long target, long value)
{
    for (var seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
        if (Interlocked.CompareExchange(ref target, value, seen) == seen) return;
}

static int Fail(string message) { Console.Error.WriteLine("LoadGen: " + message); return 2; }

internal static class Sleep
{
    [StructLayout(LayoutKind.Sequential)] private struct TimeSpec { public long Seconds; public long Nanoseconds; }
    [DllImport("libc", SetLastError = true)] private static extern int nanosleep(ref TimeSpec request, IntPtr remaining);

    /// <summary>Sleeps until the Stopwatch timestamp <paramref name="due"/> (Thread.Sleep only has millisecond steps).</summary>
    public static void Until(long due)
    {
        var remaining = due - Stopwatch.GetTimestamp();
        if (remaining <= 0) return;
        var ns = (long)(remaining * (1e9 / Stopwatch.Frequency));
        if (!OperatingSystem.IsLinux()) { Thread.Sleep(TimeSpan.FromTicks(Math.Max(1, ns / 100))); return; }
        var spec = new TimeSpec { Seconds = ns / 1_000_000_000, Nanoseconds = ns % 1_000_000_000 };
        _ = nanosleep(ref spec, IntPtr.Zero); // an interrupted sleep returns early: the scheduler checks the clock again
    }
}

internal sealed record Options(string Url, string Bodies, double Rate, double Duration, double Warmup, int Connections, double Drain,
    List<(string, string)> Headers, string? Json)
{
    public static Options Parse(string[] args)
    {
        string? url = null, bodies = null, json = null;
        double rate = 1000, duration = 20, warmup = 3, drain = 5;
        var connections = 8;
        var headers = new List<(string, string)>();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--url": url = Next(); break;
                case "--bodies": bodies = Next(); break;
                case "--rate": rate = double.Parse(Next()); break;
                case "--duration": duration = double.Parse(Next()); break;
                case "--warmup": warmup = double.Parse(Next()); break;
                case "--connections": connections = int.Parse(Next()); break;
                case "--drain": drain = double.Parse(Next()); break;
                case "--json": json = Next(); break;
                case "--header":
                    var h = Next(); var eq = h.IndexOf('=');
                    if (eq <= 0) throw new ArgumentException("--header takes Name=Value");
                    headers.Add((h[..eq], h[(eq + 1)..]));
                    break;
                default: throw new ArgumentException($"unknown argument {args[i]}");
            }
        }

        if (url is null || bodies is null) throw new ArgumentException("--url and --bodies are required");
        return new Options(url, bodies, rate, duration, warmup, connections, drain, headers, json);
    }
}
