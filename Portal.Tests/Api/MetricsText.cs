using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Portal.Tests.Api;

/// <summary>Reading a /metrics scrape in tests: one series' value, and promtool's verdict on the whole text.</summary>
internal static class MetricsText
{
    public const string Promtool = "/usr/bin/promtool";

    /// <summary>The value of <paramref name="series"/> (name and labels exactly as exposed); fails when it is missing.</summary>
    public static double Value(string text, string series)
    {
        var match = Regex.Match(text, $@"(?m)^{Regex.Escape(series)} (\S+)$");
        Assert.True(match.Success, $"{series} is missing from /metrics");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>Fails unless <c>promtool check metrics</c> accepts <paramref name="text"/> without a word.</summary>
    public static async Task AssertPromtoolCleanAsync(string text)
    {
        Assert.True(File.Exists(Promtool), $"{Promtool} is missing: install it with 'apt-get install -y prometheus' (test.sh does this).");
        var start = new ProcessStartInfo(Promtool, "check metrics") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var promtool = Process.Start(start)!;
        var output = promtool.StandardOutput.ReadToEndAsync();
        var errors = promtool.StandardError.ReadToEndAsync();
        await promtool.StandardInput.WriteAsync(text);
        promtool.StandardInput.Close();
        await promtool.WaitForExitAsync();

        var report = (await output + await errors).Trim();
        Assert.True(promtool.ExitCode == 0 && report.Length == 0, $"promtool check metrics (exit {promtool.ExitCode}):\n{report}");
    }
}
