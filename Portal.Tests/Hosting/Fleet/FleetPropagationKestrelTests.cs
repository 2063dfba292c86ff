using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.Core.Rollouts;
using Portal.Tests.Api;
using Xunit.Abstractions;

namespace Portal.Tests.Hosting.Fleet;

/// <summary>
/// What a replica does with a request follows a change made through another within a second: the input-range policy
/// (a row far outside the training range is warned about, refused or scored silently on B as on A) and the gates, and
/// a canary's split (started, stepped up by the decision loop, aborted), checked with sticky keys whose arm is known.
/// </summary>
[Collection(FleetCollection.Name)]
public sealed class FleetPropagationKestrelTests(FleetSyncFixture fleet, ITestOutputHelper output)
{
    private const string Model = FleetSyncFixture.Model;
    private static readonly TimeSpan Propagation = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Input_range_policy_and_gates_changed_on_A_apply_on_B_within_a_second()
    {
        var outOfRange = await OutOfRangeRowAsync();
        var times = new List<TimeSpan>();
        try
        {
            foreach (var policy in new[] { "reject", "off", "warn" })
            {
                Assert.Equal(HttpStatusCode.OK, (await fleet.AdminA.PutAsJsonAsync($"/api/models/{Model}/gates", new { inputRange = policy })).StatusCode);
                var onA = await AnswerAsync(fleet.AdminA, outOfRange);
                Assert.Equal(Expected(policy), onA.Outcome);
                times.Add(await FleetCalls.UntilAsync(async () => (await AnswerAsync(fleet.AdminB, outOfRange)) == onA, Propagation, $"B to answer as A under '{policy}' ({onA})"));
                output.WriteLine($"input range '{policy}': A and B answer {onA} after {times[^1].TotalMilliseconds:F0} ms");
            }

            // A gate set on A blocks a promotion through B at once (B reads the gates from the database).
            Assert.Equal(HttpStatusCode.OK, (await fleet.AdminA.PutAsJsonAsync($"/api/models/{Model}/gates", new { minAuc = 0.999 })).StatusCode);
            var champion = await FleetCalls.ChampionAsync(fleet.AdminB, Model);
            var other = Enumerable.Range(1, FleetSyncFixture.Versions).First(v => v != champion);
            var blocked = await fleet.AdminB.PostAsJsonAsync($"/api/models/{Model}/versions/{other}/promote", new { alias = "champion", reason = "fleet test" });
            Assert.Equal(HttpStatusCode.UnprocessableEntity, blocked.StatusCode);
        }
        finally
        {
            (await fleet.AdminA.PutAsJsonAsync($"/api/models/{Model}/gates", new { minAuc = (double?)null, inputRange = "warn" })).EnsureSuccessStatusCode();
        }

        FleetCalls.Report(output, "input-range policy A -> B", times);
    }

    [Fact]
    public async Task A_canary_started_stepped_and_aborted_on_A_routes_on_B_within_a_second()
    {
        var champion = await FleetCalls.ChampionAsync(fleet.AdminA, Model);
        // A version that never served (a former champion is archived and cannot be rolled out): a new one, beyond the
        // fixture's v1..v5 that the other tests promote among.
        var candidate = await FleetSettings.ImportCopyAsync(fleet.AdminA, fleet.S3, Model);
        await FleetCalls.UntilServedAsync(fleet.AdminB, Model, champion, TimeSpan.FromSeconds(3));

        var created = await fleet.AdminA.PostAsJsonAsync($"/api/models/{Model}/rollouts",
            new { kind = "canary", candidateVersion = candidate, steps = new[] { 10, 60, 100 }, stickyKey = "header", minSamplesPerStep = 10 });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var startedAt = DateTimeOffset.UtcNow;
        var id = (await created.JsonAsync()).GetProperty("id").GetGuid();
        try
        {
            // Keys whose arm is known from the rollout's hash: the same on every replica.
            var early = KeyWhere(id, atFirst: true, atSecond: true);
            var second = KeyWhere(id, atFirst: false, atSecond: true);
            var never = KeyWhere(id, atFirst: false, atSecond: false);

            Assert.Equal(candidate, await FleetCalls.ServedAsync(fleet.AdminA, Model, early));
            await Until(fleet.AdminB, early, candidate, "B to route the early key to the candidate");
            var started = DateTimeOffset.UtcNow - startedAt;
            Assert.Equal(champion, await FleetCalls.ServedAsync(fleet.AdminB, Model, second));

            // Enough candidate predictions at 10% for the decision loop (on A, the lease holder) to step up to 60%.
            for (var i = 0; i < 12; i++) Assert.Equal(candidate, await FleetCalls.ServedAsync(fleet.AdminA, Model, early));
            var stepAt = await StepUpAtAsync(id);
            await Until(fleet.AdminB, second, candidate, "B to route the second key to the candidate after the step");
            var stepped = DateTimeOffset.UtcNow - stepAt;
            Assert.Equal(champion, await FleetCalls.ServedAsync(fleet.AdminB, Model, never));

            var abort = await fleet.AdminA.PostAsJsonAsync($"/api/models/{Model}/rollouts/{id}/abort", new { reason = "fleet test" });
            Assert.Equal(HttpStatusCode.OK, abort.StatusCode);
            var abortedAt = DateTimeOffset.UtcNow;
            await Until(fleet.AdminB, early, champion, "B to route the early key back to the champion");
            await Until(fleet.AdminB, second, champion, "B to route the second key back to the champion");
            var aborted = DateTimeOffset.UtcNow - abortedAt;

            foreach (var (what, time) in new[] { ("canary started", started), ("canary stepped up (from the decision's time)", stepped), ("canary aborted", aborted) })
            {
                output.WriteLine($"{what} A -> B: {time.TotalMilliseconds:F0} ms");
                Assert.True(time < Propagation, $"{what}: {time.TotalMilliseconds:F0} ms");
            }
        }
        finally
        {
            await fleet.AdminA.PostAsJsonAsync($"/api/models/{Model}/rollouts/{id}/abort", new { reason = "fleet test cleanup" });
        }
    }

    private static Task<TimeSpan> Until(HttpClient client, string key, int version, string what) =>
        FleetCalls.UntilAsync(async () => await FleetCalls.ServedAsync(client, Model, key) == version, TimeSpan.FromSeconds(3), what);

    /// <summary>When the decision loop stepped the canary up (its decision's time), waiting for it up to 20 s.</summary>
    private async Task<DateTimeOffset> StepUpAtAsync(Guid id)
    {
        JsonElement rollout = default;
        await FleetCalls.UntilAsync(async () =>
        {
            rollout = await (await fleet.AdminA.GetAsync($"/api/models/{Model}/rollouts/{id}")).EnsureSuccessStatusCode().JsonAsync();
            return rollout.GetProperty("currentStep").GetInt32() >= 1;
        }, TimeSpan.FromSeconds(20), "the decision loop to step the canary up");
        Assert.Equal(1, rollout.GetProperty("currentStep").GetInt32());
        return rollout.GetProperty("decisions").EnumerateArray().First(d => d.GetProperty("action").GetString() == "step_up").GetProperty("at").GetDateTimeOffset();
    }

    private static string KeyWhere(Guid id, bool atFirst, bool atSecond)
    {
        var first = new ArmAssigner(id, RolloutKind.Canary, 1000);
        var second = new ArmAssigner(id, RolloutKind.Canary, 6000);
        for (var i = 0; ; i++)
        {
            var key = $"user-{i}";
            if ((first.Assign(key) == RolloutArm.Candidate) == atFirst && (second.Assign(key) == RolloutArm.Candidate) == atSecond) return key;
        }
    }

    private static string Expected(string policy) => policy switch
    {
        "reject" => "400 refused",
        "off" => "200 no warning",
        _ => "200 warned",
    };

    /// <summary>A replica's answer to a row, reduced to what the policy decides: refused (naming the feature), warned, or silent.</summary>
    private static async Task<(string Outcome, string? Feature)> AnswerAsync(HttpClient client, JsonObject row)
    {
        var response = await client.PostAsJsonAsync($"/api/models/{Model}/predict", new { features = row });
        var body = await response.JsonAsync();
        return response.StatusCode switch
        {
            HttpStatusCode.BadRequest => ("400 refused", body.GetProperty("errors").EnumerateObject().Single().Name),
            HttpStatusCode.OK when body.GetProperty("warnings").GetArrayLength() > 0 => ("200 warned", body.GetProperty("warnings")[0].GetProperty("feature").GetString()),
            HttpStatusCode.OK => ("200 no warning", null),
            _ => ($"{(int)response.StatusCode}", null),
        };
    }

    /// <summary>A demo row with its first numeric feature far above the training range.</summary>
    private async Task<JsonObject> OutOfRangeRowAsync()
    {
        var version = await (await fleet.AdminA.GetAsync($"/api/models/{Model}/versions/1")).EnsureSuccessStatusCode().JsonAsync();
        var feature = version.GetProperty("features").EnumerateArray().First(f => f.TryGetProperty("range", out var r) && r.ValueKind == JsonValueKind.Object);
        var range = feature.GetProperty("range");
        var row = CreditRows.Features(1)[0];
        row[feature.GetProperty("name").GetString()!] = range.GetProperty("max").GetDouble() + 1000 * (range.GetProperty("std").GetDouble() + 1);
        return row;
    }
}
