using System.Diagnostics;

namespace Portal.Tests.Api;

/// <summary>
/// Runs the npm tools pinned in tools/openapi (redocly, openapi-typescript, tsc) with `npx --no`, so nothing is
/// downloaded while the tests run: ./test.sh installs them (`npm ci`) when node_modules is missing.
/// </summary>
internal static class OpenApiNode
{
    public static string ToolsDir { get; } = Path.Combine(TestPaths.RepoRoot, "tools", "openapi");

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public sealed record Run(int ExitCode, string Output);

    public static async Task<Run> NpxAsync(params string[] arguments)
    {
        if (!File.Exists(Path.Combine(ToolsDir, "node_modules", ".bin", arguments[0])))
            throw new InvalidOperationException($"{arguments[0]} is not installed in {ToolsDir}: run `npm ci --prefix tools/openapi` (./test.sh does it; "
                + "it needs Node.js 20.19+ and npm: `apt-get install -y nodejs npm`).");
        var start = new ProcessStartInfo("npx", ["--no", "--", .. arguments])
        {
            WorkingDirectory = ToolsDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Offline and quiet: no telemetry, no update checks.
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        start.Environment["NO_UPDATE_NOTIFIER"] = "1";
        start.Environment["npm_config_update_notifier"] = "false";
        start.Environment["NO_COLOR"] = "1";
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("npx did not start.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"npx could not be started ({ex.Message}): install Node.js 20.19+ and npm (`apt-get install -y nodejs npm`), then run ./test.sh.", ex);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var deadline = new CancellationTokenSource(Timeout);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"npx {string.Join(' ', arguments)} did not finish within {Timeout}.");
            }
            return new Run(process.ExitCode, (await output) + (await errors));
        }
    }
}
