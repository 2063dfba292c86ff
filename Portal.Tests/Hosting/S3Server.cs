using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Portal.Tests.Hosting;

/// <summary>
/// A throwaway S3-compatible server for one test class: s3rver (npm, pinned in tools/s3, installed by test.sh) on a free
/// port with its objects in a temporary folder and one bucket made at start. It can be stopped and started again on the
/// same port and folder (an outage and its end). A watchdog kills it and deletes the folder when the test process ends,
/// however it ends; nothing is downloaded while tests run.
/// </summary>
public sealed class S3Server : IAsyncDisposable
{
    /// <summary>s3rver's built-in account: it checks request signatures against these.</summary>
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";

    private Process? _process;

    private S3Server(string bucket, string folder, int port)
    {
        Bucket = bucket;
        Folder = folder;
        Port = port;
    }

    public string Bucket { get; }
    public string Folder { get; }
    public int Port { get; }
    public string Endpoint => $"http://127.0.0.1:{Port}";
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The configuration keys that point a portal at this server's bucket.</summary>
    public IReadOnlyDictionary<string, string?> PortalSettings(string? prefix = null) => new Dictionary<string, string?>
    {
        ["Portal:Artefacts:Store"] = "s3",
        ["Portal:Artefacts:S3:Endpoint"] = Endpoint,
        ["Portal:Artefacts:S3:Bucket"] = Bucket,
        ["Portal:Artefacts:S3:Region"] = "us-east-1",
        ["Portal:Artefacts:S3:ForcePathStyle"] = "true",
        ["Portal:Artefacts:S3:Prefix"] = prefix,
        ["Portal:Artefacts:S3:AccessKey"] = AccessKey,
        ["Portal:Artefacts:S3:SecretKey"] = SecretKey,
    };

    public static async Task<S3Server> StartAsync(string bucket = "portal-artefacts")
    {
        var folder = Directory.CreateTempSubdirectory("portal-s3-").FullName;
        var server = new S3Server(bucket, folder, FreePort());
        try
        {
            await server.StartAgainAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Starts the server (again) on the same port and folder, and waits until it accepts connections.</summary>
    public async Task StartAgainAsync()
    {
        if (IsRunning) return;
        var script = Path.Combine(TestPaths.RepoRoot, "tools", "s3", "node_modules", "s3rver", "bin", "s3rver.js");
        if (!File.Exists(script))
            throw new InvalidOperationException($"s3rver is not installed: run `npm ci --prefix tools/s3` (test.sh does) so {script} exists.");
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { script, "-d", Folder, "-a", "127.0.0.1", "-p", Port.ToString(), "--silent", "--configure-bucket", Bucket })
            start.ArgumentList.Add(a);
        var process = Process.Start(start) ?? throw new InvalidOperationException("node could not be started.");
        _process = process;
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        KillWhenThisProcessEnds(process.Id, Folder);

        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await AcceptsAsync())
        {
            if (process.HasExited) throw new InvalidOperationException($"s3rver exited with {process.ExitCode}:\n{output}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"s3rver did not accept connections on port {Port} within 60 s:\n{output}");
            await timer.WaitForNextTickAsync();
        }
    }

    /// <summary>Kills the server (an outage): the bucket's objects stay in the folder for <see cref="StartAgainAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_process is not { } process) return;
        _process = null;
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // The watchdog deletes it when the test process ends.
        }
    }

    private async Task<bool> AcceptsAsync()
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>A watchdog in a session of its own: when the test host ends, it kills the server and deletes its folder.</summary>
    private static void KillWhenThisProcessEnds(int serverPid, string folder)
    {
        const string Script = """
            exec </dev/null >/dev/null 2>&1
            tail --pid="$1" -f /dev/null
            kill -9 "$2"
            rm -rf "$3"
            """;
        var start = new ProcessStartInfo("setsid") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "sh", "-c", Script, "portal-s3-watchdog", Environment.ProcessId.ToString(), serverPid.ToString(), folder }) start.ArgumentList.Add(a);
        using var watchdog = Process.Start(start)!;
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
