using System.Net;
using Portal.Cli;
using Portal.Tests.Api;

namespace Portal.Tests.Cli;

/// <summary>`portal rollout start|status|pause|resume|abort|promote` against the real app: a canary of v2 through its life.</summary>
[Collection(CliCollection.Name)]
public sealed class CliRolloutTests(CliFixture fixture)
{
    [Fact]
    public async Task Canary_StartedWatchedPausedResumedAborted_ByModelName()
    {
        const string model = "cli-rollout";
        await fixture.Portal.TrainAsync(model);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Portal.PromoteAsync(model, 1)).StatusCode);
        await fixture.Portal.TrainAsync(model, LifecycleFixture.Weak);

        var none = await fixture.RunAsync("rollout", "status", model);
        Assert.True(none.ExitCode == ExitCodes.Ok, none.ToString());
        Assert.Equal($"{model} has had no rollout yet (start one with: portal rollout start {model} VERSION).", none.Out.Trim());

        var start = await fixture.RunAsync("rollout", "start", model, "latest", "--steps", "10", "50", "100");
        Assert.True(start.ExitCode == ExitCodes.Ok, start.ToString());
        Assert.Matches(@"^Rollout [0-9a-f-]{36} started: canary of v2 against v1, running, candidate share 10%\.$", start.Lines[0]);

        var status = await fixture.RunAsync("rollout", "status", model);
        Assert.True(status.ExitCode == ExitCodes.Ok, status.ToString());
        Assert.Matches(@"^Rollout [0-9a-f-]{36}: canary of v2 against v1, running, candidate share 10%\.$", status.Lines[0]);
        Assert.StartsWith("Served since start-up: champion ", status.Lines[1], StringComparison.Ordinal);
        Assert.Contains(status.Lines, l => l.Contains(" started ", StringComparison.Ordinal));

        var json = await fixture.RunAsync("rollout", "status", model, "--json");
        Assert.Equal(new[] { 10, 50, 100 }, json.Json.GetProperty("steps").EnumerateArray().Select(s => s.GetInt32()));

        var paused = await fixture.RunAsync("rollout", "pause", model, "--reason", "night freeze");
        Assert.True(paused.ExitCode == ExitCodes.Ok, paused.ToString());
        Assert.Contains(", paused, ", paused.Out, StringComparison.Ordinal);

        var resumed = await fixture.RunAsync("rollout", "resume", model);
        Assert.Contains(", running, ", resumed.Out, StringComparison.Ordinal);
        var again = await fixture.RunAsync("rollout", "resume", model);
        Assert.Equal(ExitCodes.Refused, again.ExitCode); // 409: a running rollout cannot be resumed

        var aborted = await fixture.RunAsync("rollout", "abort", model, "--reason", "not now");
        Assert.True(aborted.ExitCode == ExitCodes.Ok, aborted.ToString());
        Assert.Contains(", aborted, ", aborted.Out, StringComparison.Ordinal);

        var nothingActive = await fixture.RunAsync("rollout", "promote", model);
        Assert.Equal(ExitCodes.Refused, nothingActive.ExitCode);
        Assert.Equal($"{model} has no active rollout.", nothingActive.Error.Trim());
    }

    [Fact]
    public async Task Start_UnknownKind_IsBadUsage()
    {
        var result = await fixture.RunAsync("rollout", "start", CliFixture.Model, "2", "--kind", "blue-green");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("blue-green", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_StepsNotReaching100_Exits2WithTheServersFieldError()
    {
        var result = await fixture.RunAsync("rollout", "start", CliFixture.Model, "2", "--steps", "10", "50");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("steps", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Out);
    }
}
