using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace Portal.Tests.Hosting;

/// <summary>
/// The real portal as a user starts it: the published app (artifacts/publish) in Production by default, on Kestrel, on a free loopback port,
/// with its own data folder, so it migrates, creates the admin and (with the demo on) trains the demo model itself.
/// Whatever depends on the real server (streaming, headers, limits, static files, client addresses, start-up) is
/// tested through this, not through WebApplicationFactory's TestServer, which tolerates what Kestrel refuses.
/// </summary>
public sealed class PortalProcess : IAsyncDisposable
{
    public const string AdminPassword = "E2e-admin-pass-1";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private readonly Process _process;
    private readonly PortalProcessOptions _options;
    private readonly TaskCompletionSource _serving = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _log = [];

    private PortalProcess(string root, int port, PortalProcessOptions options)
    {
        Root = root;
        _options = options;
        BaseUrl = $"http://127.0.0.1:{port}";
        var dll = AppDll(options.Published);
        // Started from its data folder, not its own: the portal must find its files relative to itself.
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", BaseUrl])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = options.Environment;
        start.Environment["ConnectionStrings__Portal"] = $"Data Source={Path.Combine(root, "portal.db")}";
        start.Environment["Portal__ModelsPath"] = Path.Combine(root, "models");
        // Its own data folder on PostgreSQL too (there the default is the app's data/, which every process would share):
        // datasets, keys and the artefact cache are each process's own, as on separate machines.
        start.Environment["Portal__DataPath"] = root;
        start.Environment["Portal__Bootstrap__AdminPassword"] = AdminPassword;
        start.Environment["Portal__Demo__Enabled"] = options.Demo ? "true" : "false";
        foreach (var (key, value) in options.Settings) start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.Exited += (_, _) => _serving.TrySetException(new InvalidOperationException($"The portal exited with code {_process.ExitCode}:\n{Log}"));
    }

    /// <summary>Where ./test.sh publishes Portal.Web (`dotnet publish Portal.Web -c Release -o artifacts/publish --no-build`).</summary>
    public static string PublishDir { get; } = Path.Combine(TestPaths.RepoRoot, "artifacts", "publish");

    /// <summary>
    /// The published app (as users deploy it), or the build output. A publish older than the build would test stale code,
    /// so it is refused with the command that refreshes it.
    /// </summary>
    private static string AppDll(bool published)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var built = Path.Combine(TestPaths.RepoRoot, "Portal.Web", "bin", configuration, "net10.0", "Portal.Web.dll");
        if (!File.Exists(built)) throw new InvalidOperationException($"{built} is missing: build the solution first.");
        if (!published) return built;
        var dll = Path.Combine(PublishDir, "Portal.Web.dll");
        const string publish = "dotnet publish Portal.Web -c Release -o artifacts/publish --no-build (./test.sh does it)";
        if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} is missing: run {publish}.");
        if (File.GetLastWriteTimeUtc(dll) < File.GetLastWriteTimeUtc(built))
            throw new InvalidOperationException($"{dll} is older than the build {built}: run {publish}.");
        return dll;
    }

    public string Root { get; }

    /// <summary>The portal's process id (for /proc/PID/status in memory tests).</summary>
    public int ProcessId => _process.Id;
    public string BaseUrl { get; }

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public string Log
    {
        get
        {
            lock (_log) return string.Join('\n', _log);
        }
    }

    /// <summary>True once the process has ended (e.g. refused to start).</summary>
    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts the portal and returns once /health/ready answers 200 (and, with the demo on, the demo model serves).</summary>
    public static async Task<PortalProcess> StartAsync(PortalProcessOptions? options = null)
    {
        var portal = Launch(options ?? new PortalProcessOptions());
        try
        {
            if (portal._options.Demo) await portal._serving.Task.WaitAsync(StartTimeout);
            await Eventually.TrueAsync(portal.IsReadyAsync, StartTimeout, $"/health/ready at {portal.BaseUrl}\n{portal.Log}");
            return portal;
        }
        catch
        {
            await portal.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the portal without waiting for it: for tests of a start-up that must fail.</summary>
    public static PortalProcess Launch(PortalProcessOptions? options = null)
    {
        options ??= new PortalProcessOptions();
        var root = options.Root ?? Path.Combine(Path.GetTempPath(), "portal-e2e", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var portal = new PortalProcess(root, FreePort(), options);
        portal._process.Start();
        portal._process.BeginOutputReadLine();
        portal._process.BeginErrorReadLine();
        return portal;
    }

    /// <summary>
    /// Waits for the process to end by itself (a start-up that refuses its configuration) and for its last output lines:
    /// the Exited event can come before them, so <see cref="Log"/> read then was sometimes still empty.
    /// </summary>
    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
    }

    /// <summary>A client for this portal, without credentials.</summary>
    public HttpClient CreateClient() => new() { BaseAddress = new Uri(BaseUrl) };

    /// <summary>A client for this portal authenticated as the bootstrap admin with a bearer token.</summary>
    public async Task<HttpClient> CreateAdminClientAsync()
    {
        var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/token", new { username = "admin", password = AdminPassword });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task<bool> IsReadyAsync()
    {
        if (_process.HasExited) throw new InvalidOperationException($"The portal exited with code {_process.ExitCode}:\n{Log}");
        using var http = CreateClient();
        try
        {
            return (await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false; // Kestrel is not listening yet.
        }
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        lock (_log) _log.Add(line);
        if (line.Contains("is serving as champion", StringComparison.Ordinal)) _serving.TrySetResult();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Stops the process; the data folder stays unless <paramref name="deleteRoot"/>.</summary>
    public async Task StopAsync(bool deleteRoot = false)
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        if (!deleteRoot) return;
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean: nothing depends on it.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(deleteRoot: _options.Root is null);
        _process.Dispose();
    }
}
