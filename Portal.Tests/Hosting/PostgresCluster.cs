using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Portal.Tests.Hosting;

/// <summary>
/// A throwaway PostgreSQL cluster for one test run: initdb into a temporary folder, pg_ctl start on a free port (its
/// unix socket in that folder too, never the system's), stopped and deleted when the test process exits. initdb refuses
/// to run as root, so as root (CI) the cluster belongs to <c>nobody</c> and is run through runuser. A watchdog stops and
/// deletes it when the test process ends, however it ends. Each test class
/// takes a database of its own (<see cref="CreateDatabaseAsync"/>), so tests stay independent. No system service is used.
/// </summary>
public sealed class PostgresCluster
{
    private const string Unprivileged = "nobody";

    private static readonly Lazy<PostgresCluster> Shared = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string _bin;
    private readonly bool _asRoot;

    private PostgresCluster(string bin, string folder, int port, bool asRoot)
    {
        _bin = bin;
        Folder = folder;
        Port = port;
        _asRoot = asRoot;
    }

    /// <summary>The run's cluster, started on first use.</summary>
    public static PostgresCluster Instance => Shared.Value;

    public string Folder { get; }
    public int Port { get; }
    private string DataDirectory => Path.Combine(Folder, "data");

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database, IncludeErrorDetail = true }.ToString();

    /// <summary>A new empty database with a unique name; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"portal_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return ConnectionString(name);
    }

    /// <summary>
    /// The database of one data folder, created on first use: a factory that restarts on the same folder finds the same
    /// database again, as a restarted portal finds its SQLite file.
    /// </summary>
    public string DatabaseFor(string folder)
    {
        var name = "portal_" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Path.GetFullPath(folder))))[..24];
        using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        connection.Open();
        using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", name);
        if (exists.ExecuteScalar() is null)
        {
            using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            create.ExecuteNonQuery();
        }

        // Test portals come and go by the hundred: idle pooled connections of a finished one close within seconds, not
        // Npgsql's default five minutes, so the cluster never runs out of connections.
        return new NpgsqlConnectionStringBuilder(ConnectionString(name)) { ConnectionIdleLifetime = 10, ConnectionPruningInterval = 5 }.ToString();
    }

    private static PostgresCluster Start()
    {
        var cluster = Create();
        cluster.StartServer();
        return cluster;
    }

    /// <summary>
    /// A cluster of the caller's own, initialised but not started, which it may start and stop as it likes (the fault
    /// tests: a database that comes up after the portal, or goes away under it). Its folder goes when the run ends.
    /// </summary>
    public static PostgresCluster Create()
    {
        var bin = FindBinaries();
        var asRoot = Environment.UserName == "root";
        // As root, a folder nobody can reach: /tmp, not a TMPDIR under /root.
        var parent = asRoot ? "/tmp" : Path.GetTempPath();
        DeleteStale(parent);
        var folder = Directory.CreateDirectory(Path.Combine(parent, $"portal-pg-{Guid.NewGuid():N}")).FullName;
        var cluster = new PostgresCluster(bin, folder, FreePort(), asRoot);
        try
        {
            if (asRoot) Run("chown", [Unprivileged + ":", folder], asUser: false);
            cluster.Postgres("initdb", "-D", cluster.DataDirectory, "-U", "postgres", "--auth=trust", "--no-locale", "-E", "UTF8", "--no-sync");
        }
        catch
        {
            cluster.Stop();
            throw;
        }

        StopWhenThisProcessEnds(folder);
        return cluster;
    }

    /// <summary>Starts the server on <see cref="Port"/> and returns once it accepts connections.</summary>
    public void StartServer() =>
        Postgres("pg_ctl", "-D", DataDirectory, "-l", Path.Combine(Folder, "server.log"), "-w", "-t", "60", "-o",
            $"-F -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=1000 -c shared_buffers=32MB -p {Port} -k {Folder} -c listen_addresses=127.0.0.1",
            "start");

    /// <summary>Stops the server (fast: open connections are cut, as in an outage) and returns once it is down.</summary>
    public void StopServer() => Postgres("pg_ctl", "-D", DataDirectory, "-m", "fast", "-w", "-t", "60", "stop");

    /// <summary>
    /// A watchdog in a session of its own that outlives this process: when the test host ends (the runner kills it right
    /// after the last test, so exit handlers are cut short), it stops the server at once (SIGQUIT, pg_ctl's immediate
    /// mode), waits for the postmaster to remove its pid file (its last act), and deletes the folder.
    /// </summary>
    private static void StopWhenThisProcessEnds(string folder)
    {
        const string Script = """
            exec </dev/null >/dev/null 2>&1
            tail --pid="$1" -f /dev/null
            pid_file="$2/data/postmaster.pid"
            [ -e "$pid_file" ] && kill -QUIT "$(head -n 1 "$pid_file")"
            for _ in $(seq 100); do [ -e "$pid_file" ] || break; sleep 0.1; done
            rm -rf "$2"
            """;
        var start = new ProcessStartInfo("setsid") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "sh", "-c", Script, "portal-pg-watchdog", Environment.ProcessId.ToString(), folder }) start.ArgumentList.Add(a);
        using var watchdog = Process.Start(start)!;
    }

    /// <summary>Stops a cluster that failed to start and deletes its folder.</summary>
    private void Stop()
    {
        try
        {
            var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
            if (File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).First(), out var pid)) Run("kill", ["-QUIT", pid.ToString()], asUser: false);
        }
        finally
        {
            Directory.Delete(Folder, recursive: true);
        }
    }

    /// <summary>Deletes the folders of earlier runs whose server is gone (a test host killed before its exit handlers ran).</summary>
    private static void DeleteStale(string parent)
    {
        foreach (var folder in Directory.EnumerateDirectories(parent, "portal-pg-*"))
        {
            // A folder of a run starting now has no server yet either: only old ones are stale.
            if (File.Exists(Path.Combine(folder, "data", "postmaster.pid")) || Directory.GetLastWriteTimeUtc(folder) > DateTime.UtcNow.AddMinutes(-10)) continue;
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Another run's, being created or deleted right now.
            }
            catch (UnauthorizedAccessException)
            {
                // Another user's.
            }
        }
    }

    private void Postgres(string tool, params string[] arguments) => Run(Path.Combine(_bin, tool), arguments, _asRoot);

    /// <summary>Runs a command to its end (as <c>nobody</c> when asked) and throws with its output when it fails.</summary>
    private static void Run(string file, string[] arguments, bool asUser)
    {
        var start = new ProcessStartInfo(asUser ? "runuser" : file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (asUser)
        {
            foreach (var a in new[] { "-u", Unprivileged, "--", file }) start.ArgumentList.Add(a);
        }

        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        // pg_ctl's server keeps no handle on these pipes (its output goes to -l), so reading to the end returns.
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {output} {error.Result}");
    }

    /// <summary>initdb and pg_ctl from PATH, else Debian's /usr/lib/postgresql/NN/bin (newest), which test.sh installs.</summary>
    private static string FindBinaries()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            if (File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl"))) return dir;

        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0).FirstOrDefault()
            : null;
        return debian ?? throw new InvalidOperationException("PostgreSQL's initdb was not found in PATH or /usr/lib/postgresql/NN/bin: ./test.sh installs Debian's postgresql package.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
