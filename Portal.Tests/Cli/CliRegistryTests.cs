using System.Net;
using System.Text.Json;
using Portal.Cli;
using Portal.Tests.Api;

namespace Portal.Tests.Cli;

/// <summary>`portal models|versions|status|promote|rollback|reload|gates` against the real app, tables, --json and exit codes.</summary>
[Collection(CliCollection.Name)]
public sealed class CliRegistryTests(CliFixture fixture)
{
    private const string Model = CliFixture.Model;

    [Fact]
    public async Task Models_Table_ListsTheModelWithItsChampion()
    {
        var result = await fixture.RunAsync("models");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.StartsWith("NAME", result.Lines[0], StringComparison.Ordinal);
        var row = result.Lines.Single(l => l.StartsWith(Model + " ", StringComparison.Ordinal));
        Assert.Equal([Model, "v1", "-", "2"], row.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..4]);
        Assert.DoesNotContain("\u001b[", result.Out); // no colour codes
        Assert.Empty(result.Error);
    }

    [Fact]
    public async Task Models_Json_PrintsTheServersList()
    {
        var result = await fixture.RunAsync("models", "--json");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        var model = result.Json.EnumerateArray().Single(m => m.GetProperty("name").GetString() == Model);
        Assert.Equal(1, model.GetProperty("championVersion").GetInt32());
        Assert.Equal(2, model.GetProperty("versions").GetInt32());
    }

    [Fact]
    public async Task Versions_Table_ShowsEachVersionsStageAndAliases()
    {
        var result = await fixture.RunAsync("versions", Model);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Matches(@"^v1\s.*FastTree\s+0\.\d{3}\s+0\.\d{3}\s+Production\s+champion$", result.Lines.Single(l => l.StartsWith("v1 ", StringComparison.Ordinal)));
        Assert.Matches(@"^v2\s.*\sNone\s+-$", result.Lines.Single(l => l.StartsWith("v2 ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Versions_Json_PrintsTheModelWithItsVersions()
    {
        var result = await fixture.RunAsync("--json", "versions", Model);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Equal([1, 2], result.Json.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetInt32()).Order());
    }

    [Fact]
    public async Task Versions_UnknownModel_Exits2WithTheServersDetail()
    {
        var result = await fixture.RunAsync("versions", "no-such-model");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal("Not found: Model 'no-such-model' does not exist.", result.Error.Trim());
        Assert.Empty(result.Out);
    }

    [Fact]
    public async Task Versions_MissingModelArgument_Exits2()
    {
        var result = await fixture.RunAsync("versions");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("Required argument missing for command: 'versions'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_ServedModel_Exits0WithItsHealth()
    {
        var all = await fixture.RunAsync("status");
        var one = await fixture.RunAsync("status", Model);

        Assert.True(one.ExitCode == ExitCodes.Ok, one.ToString());
        Assert.StartsWith("MODEL", one.Lines[0], StringComparison.Ordinal);
        Assert.Matches(@"^cancer\s+v1\s+yes\s+0\.\d{3}\s+\d+\.\d\s+-\s+ok$", one.Lines[1]);
        Assert.Contains(all.Lines, l => l.StartsWith(Model + " ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Status_Json_PrintsEachModelsRunbookStatus()
    {
        var result = await fixture.RunAsync("status", "--json");

        var status = result.Json.EnumerateArray().Single(s => s.GetProperty("model").GetString() == Model);
        Assert.True(status.GetProperty("loaded").GetBoolean());
        Assert.Equal(1, status.GetProperty("version").GetInt32());
        Assert.Equal("ok", status.GetProperty("health").GetString());
    }

    [Fact]
    public async Task Status_ModelWithHighDrift_Exits1NamingIt()
    {
        const string model = "cli-drifted";
        await ChampionAsync(model);
        await DriftWindows.LogAsync(fixture.Factory.Services, model, 1, DriftWindows.ShiftedRows());
        Assert.Equal(ExitCodes.Ok, (await fixture.RunAsync("drift-run", model)).ExitCode);

        var result = await fixture.RunAsync("status", model);

        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        Assert.Contains("warning_high_drift", result.Lines[1], StringComparison.Ordinal);
        Assert.Equal($"not ok: {model} (warning_high_drift)", result.Error.Trim());
    }

    [Fact]
    public async Task Promote_GateRefuses_Exits1WithTheFailedGateAndNothingMoves()
    {
        const string model = "cli-gated";
        await ChampionAsync(model);
        await fixture.Portal.TrainAsync(model, LifecycleFixture.Weak);
        var gates = await fixture.RunAsync("gates", "set", model, "--min-auc", "0.9999");
        Assert.True(gates.ExitCode == ExitCodes.Ok, gates.ToString());

        var result = await fixture.RunAsync("promote", model, "2", "--reason", "try");
        var json = await fixture.RunAsync("promote", model, "2", "--reason", "try", "--json");

        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        Assert.StartsWith("Blocked by evaluation gates: ", result.Error, StringComparison.Ordinal);
        Assert.Contains("Test AUC", result.Error, StringComparison.Ordinal);
        Assert.Contains("is below the minimum", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Trim().Split('\n'));
        Assert.Equal(ExitCodes.Refused, json.ExitCode);
        var minAuc = json.Json.GetProperty("gates").EnumerateArray().Single(g => g.GetProperty("name").GetString() == "minAuc");
        Assert.False(minAuc.GetProperty("passed").GetBoolean());
        Assert.Equal(1, await fixture.Portal.ServingVersionAsync(model));
    }

    [Fact]
    public async Task Promote_ThenRollback_MovesTheChampionBothWays()
    {
        const string model = "cli-promote";
        await fixture.Portal.TrainAsync(model);
        await fixture.Portal.TrainAsync(model);

        var first = await fixture.RunAsync("promote", model, "1", "--reason", "first", "--archive-current");
        var second = await fixture.RunAsync("promote", model, "latest", "--reason", "second", "--archive-current");
        var again = await fixture.RunAsync("promote", model, "2", "--reason", "again");
        var stages = (await fixture.RunAsync("versions", model, "--json")).Json.GetProperty("versions").EnumerateArray()
            .ToDictionary(v => v.GetProperty("version").GetInt32(), v => v.GetProperty("stage").GetString());
        var back = await fixture.RunAsync("rollback", model, "--reason", "v2 misbehaves");
        var servingAfterRollback = await fixture.Portal.ServingVersionAsync(model);
        var further = await fixture.RunAsync("rollback", model, "--reason", "once more");
        var promoteJson = await fixture.RunAsync("promote", model, "2", "--reason", "forward again", "--json");
        var rollbackJson = await fixture.RunAsync("rollback", model, "--reason", "back again", "--json");

        Assert.True(first.ExitCode == ExitCodes.Ok, first.ToString());
        Assert.Equal($"{model} v1 is now champion.", first.Lines[0]);
        Assert.True(second.ExitCode == ExitCodes.Ok, second.ToString());
        Assert.Equal($"{model} v2 is now champion (v1 archived).", second.Lines[0]);
        Assert.Equal(ExitCodes.Ok, again.ExitCode);
        Assert.Equal($"{model} v2 already is champion; nothing changed.", again.Lines[0]);
        Assert.Equal("Archived", stages[1]);
        Assert.Equal("Production", stages[2]);
        Assert.True(back.ExitCode == ExitCodes.Ok, back.ToString());
        Assert.Equal($"{model} v1 serves again as champion (was v2).", back.Lines[0]);
        Assert.Equal(1, servingAfterRollback);
        Assert.Equal(ExitCodes.Refused, further.ExitCode);
        Assert.StartsWith("Conflict: ", further.Error, StringComparison.Ordinal);
        Assert.True(promoteJson.ExitCode == ExitCodes.Ok, promoteJson.ToString());
        Assert.True(promoteJson.Json.GetProperty("promoted").GetBoolean());
        Assert.Equal(1, promoteJson.Json.GetProperty("fromVersion").GetInt32());
        Assert.True(rollbackJson.ExitCode == ExitCodes.Ok, rollbackJson.ToString());
        Assert.Equal(1, rollbackJson.Json.GetProperty("version").GetInt32());
        Assert.Equal(2, rollbackJson.Json.GetProperty("fromVersion").GetInt32());
    }

    [Fact]
    public async Task Promote_WithoutReason_Exits2BeforeAskingThePortal()
    {
        var result = await fixture.RunAsync("promote", Model, "2");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--reason", result.Error, StringComparison.Ordinal);
        Assert.Equal(1, await fixture.Portal.ServingVersionAsync(Model));
    }

    [Fact]
    public async Task Promote_VersionNotANumber_Exits2()
    {
        var result = await fixture.RunAsync("promote", Model, "newest", "--reason", "r");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal("VERSION must be a version number or 'latest'; got 'newest'.", result.Error.Trim());
    }

    [Fact]
    public async Task Reload_AucUnderTheFloor_Exits1AndTheChampionKeepsServing()
    {
        var refused = await fixture.RunAsync("reload", Model, "--min-auc", "0.9999");
        var refusedJson = await fixture.RunAsync("reload", Model, "--min-auc", "0.9999", "--json");
        var reloaded = await fixture.RunAsync("reload", Model, "--min-auc", "0.5");

        Assert.Equal(ExitCodes.Refused, refused.ExitCode);
        Assert.Matches(@"^Model AUC below threshold \(auc 0\.\d{3}, min_auc 1\.000\)$", refused.Error.Trim());
        Assert.False(refusedJson.Json.GetProperty("ok").GetBoolean());
        Assert.True(refusedJson.Json.GetProperty("rejected").GetBoolean());
        Assert.True(reloaded.ExitCode == ExitCodes.Ok, reloaded.ToString());
        Assert.Matches(@"^cancer v1 reloaded and serving \(AUC 0\.\d{3}\)\.$", reloaded.Lines[0]);
        Assert.Equal(1, await fixture.Portal.ServingVersionAsync(Model));
    }

    [Fact]
    public async Task Reload_MinAucOutOfRange_Exits2WithTheFieldNamed()
    {
        var result = await fixture.RunAsync("reload", Model, "--min-auc", "7");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("min_auc must be a number between 0 and 1", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gates_SetSomeThenGet_ChangesOnlyThoseNamed()
    {
        const string model = "cli-gates";
        await fixture.Portal.TrainAsync(model);
        await fixture.Portal.SetGatesAsync(model, new { minAuc = 0.7, minTestRows = 50, inputRange = "reject" });

        var set = await fixture.RunAsync("gates", "set", model, "--min-auc", "off", "--max-brier-degradation", "0.02", "--require-approval", "true");
        var get = await fixture.RunAsync("gates", "get", model);
        var json = await fixture.RunAsync("gates", "get", model, "--json");

        Assert.True(set.ExitCode == ExitCodes.Ok, set.ToString());
        Assert.Equal(get.Lines[..7], set.Lines[..7]);
        Assert.Equal(["GATE VALUE", "minAuc off", "minF1ImprovementPct off", "maxBrierDegradation 0.02", "minTestRows 50", "requireApproval yes", "inputRange reject"],
            get.Lines[..7].Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries))));
        Assert.Equal(JsonValueKind.Null, json.Json.GetProperty("minAuc").ValueKind);
        Assert.Equal(0.02, json.Json.GetProperty("maxBrierDegradation").GetDouble());
        Assert.Equal(50, json.Json.GetProperty("minTestRows").GetInt32());
        Assert.True(json.Json.GetProperty("requireApproval").GetBoolean());
    }

    [Fact]
    public async Task Gates_SetValueNotANumber_Exits2AndChangesNothing()
    {
        var before = await fixture.RunAsync("gates", "get", Model, "--json");

        var result = await fixture.RunAsync("gates", "set", Model, "--min-auc", "high");
        var none = await fixture.RunAsync("gates", "set", Model);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal("--min-auc must be a number or 'off'; got 'high'.", result.Error.Trim());
        Assert.Equal(ExitCodes.Usage, none.ExitCode);
        Assert.Equal(before.Out, (await fixture.RunAsync("gates", "get", Model, "--json")).Out);
    }

    [Fact]
    public async Task Gates_SetOutOfRange_Exits2WithTheServersFieldError()
    {
        var result = await fixture.RunAsync("gates", "set", Model, "--min-auc", "1.5");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("minAuc", result.Error, StringComparison.Ordinal);
    }

    private async Task ChampionAsync(string model)
    {
        await fixture.Portal.TrainAsync(model);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Portal.PromoteAsync(model, 1)).StatusCode);
    }
}
