using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Portal.Tests.E2E;

/// <summary>
/// The real portal as a user starts it: its own built Portal.Web.dll on Kestrel, on a free loopback port,
/// with an empty data folder, so it migrates, creates the admin and trains the demo model itself.
/// </summary>
public sealed class PortalProcess : IAsyncDisposable
{
    public const string AdminPassword = "E2e-admin-pass-1";
    private readonly Process _process;
    private readonly TaskCompletionSource _serving = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _log = [];

    private PortalProcess(string root, int port)
    {
        Root = root;
        BaseUrl = $"http://127.0.0.1:{port}";
        var webProject = Path.Combine(TestPaths.RepoRoot, "Portal.Web");
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var dll = Path.Combine(webProject, "bin", configuration, "net10.0", "Portal.Web.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} is missing: build the solution first.");

        var start = new ProcessStartInfo("dotnet", [dll, "--urls", BaseUrl])
        {
            WorkingDirectory = webProject,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Development serves the packages' static files (MudBlazor, Plotly) from the NuGet folder, as `dotnet run` does.
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ConnectionStrings__Portal"] = $"Data Source={Path.Combine(root, "portal.db")}";
        start.Environment["Portal__ModelsPath"] = Path.Combine(root, "models");
        start.Environment["Portal__Bootstrap__AdminPassword"] = AdminPassword;
        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.Exited += (_, _) => _serving.TrySetException(new InvalidOperationException($"The portal exited with code {_process.ExitCode}:\n{Log}"));
    }

    public string Root { get; }
    public string BaseUrl { get; }

    public string Log
    {
        get
        {
            lock (_log) return string.Join('\n', _log);
        }
    }

    public static async Task<PortalProcess> StartAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), "portal-e2e", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var portal = new PortalProcess(root, FreePort());
        portal._process.Start();
        portal._process.BeginOutputReadLine();
        portal._process.BeginErrorReadLine();
        // The demo bootstrapper logs this line once the champion serves; then readiness must be 200.
        await portal._serving.Task.WaitAsync(TimeSpan.FromMinutes(3));
        using var http = new HttpClient();
        var ready = await http.GetAsync(portal.BaseUrl + "/health/ready");
        if (ready.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"/health/ready answered {(int)ready.StatusCode}: {await ready.Content.ReadAsStringAsync()}\n{portal.Log}");
        return portal;
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

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean: nothing depends on it.
        }
    }
}
