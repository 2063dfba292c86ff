using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Portal.Tests.Api;
using Xunit.Abstractions;

namespace Portal.Tests.Hosting.Fleet;

/// <summary>
/// A fleet that agrees: a change made through one replica (promotion, rollback, key revocation, user disabled) is served
/// or enforced by the others within a second, through NOTIFY; a replica that hears nothing converges on its reconcile
/// pass; concurrent promotions through two replicas leave one champion that both serve; sign-ins work on every replica.
/// </summary>
[Collection(FleetCollection.Name)]
public sealed class FleetSyncKestrelTests(FleetSyncFixture fleet, ITestOutputHelper output)
{
    private const string Model = FleetSyncFixture.Model;
    private static readonly TimeSpan Propagation = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Promotion_on_A_is_served_by_B_within_a_second()
    {
        var times = new List<TimeSpan>();
        for (var i = 0; i < 8; i++)
        {
            var target = await OtherVersionAsync();
            await PromoteAsync(fleet.AdminA, target);
            times.Add(await UntilServedAsync(fleet.AdminB, target, Propagation));
        }

        Report("promotion A -> B", times);
    }

    [Fact]
    public async Task Rollback_on_A_is_served_by_B_within_a_second()
    {
        var before = await ChampionAsync();
        var target = await OtherVersionAsync();
        await PromoteAsync(fleet.AdminA, target);
        await UntilServedAsync(fleet.AdminB, target, Propagation);

        var rollback = await fleet.AdminA.PostAsJsonAsync($"/api/models/{Model}/rollback", new { reason = "fleet test" });
        Assert.Equal(HttpStatusCode.OK, rollback.StatusCode);
        var time = await UntilServedAsync(fleet.AdminB, before, Propagation);
        Report("rollback A -> B", [time]);
    }

    [Fact]
    public async Task A_key_revoked_on_A_is_refused_by_B_within_a_second()
    {
        var created = await (await fleet.AdminA.PostAsJsonAsync("/api/keys", new { name = "fleet-key", role = "Viewer" })).JsonAsync();
        using var client = fleet.B.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", created.GetProperty("key").GetString());
        // B has the key in its cache before the revocation.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/models")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await fleet.AdminA.DeleteAsync($"/api/keys/{created.GetProperty("id").GetInt32()}")).StatusCode);
        var time = await UntilAsync(async () => (await client.GetAsync("/api/models")).StatusCode == HttpStatusCode.Unauthorized, Propagation, "B to refuse the revoked key");
        Report("key revocation A -> B", [time]);
    }

    [Fact]
    public async Task A_key_revoked_on_A_is_refused_by_a_replica_that_hears_no_announcement_on_its_reconcile_pass()
    {
        var created = await (await fleet.AdminA.PostAsJsonAsync("/api/keys", new { name = "fleet-key-c", role = "Viewer" })).JsonAsync();
        using var client = fleet.C.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", created.GetProperty("key").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/models")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await fleet.AdminA.DeleteAsync($"/api/keys/{created.GetProperty("id").GetInt32()}")).StatusCode);
        // C does not listen: its reconcile pass (every second) drops the cached keys that are no longer active.
        var time = await UntilAsync(async () => (await client.GetAsync("/api/models")).StatusCode == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(3), "C to refuse the revoked key");
        Report("key revocation A -> C (reconcile only, period 1 s)", [time]);
    }

    [Fact]
    public async Task A_user_disabled_on_A_has_their_token_refused_by_B_within_a_second()
    {
        const string password = "Fleet-user-pass-1";
        var created = await fleet.AdminA.PostAsJsonAsync("/api/users", new { userName = "fleet-bob", password, role = "DataScientist" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var client = fleet.B.CreateClient();
        var token = await (await client.PostAsJsonAsync("/api/auth/token", new { username = "fleet-bob", password })).JsonAsync();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("access_token").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/models")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await fleet.AdminA.PutAsJsonAsync("/api/users/fleet-bob", new { disabled = true })).StatusCode);
        var time = await UntilAsync(async () => (await client.GetAsync("/api/models")).StatusCode == HttpStatusCode.Unauthorized, Propagation, "B to refuse the disabled user's token");
        Report("user disabled A -> B", [time]);
    }

    [Fact]
    public async Task A_login_cookie_and_a_token_from_A_work_on_B()
    {
        var jar = new CookieContainer();
        using var browser = await BrowserLogin.SignInAsync(fleet.A, cookies: jar);
        using var onB = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(fleet.B.BaseUrl) };
        onB.DefaultRequestHeaders.Add("Cookie", jar.GetCookieHeader(new Uri(fleet.A.BaseUrl)));
        var page = await onB.GetAsync("/admin/users");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);

        // The admin client of A carries a token A issued.
        using var tokenOnB = fleet.B.CreateClient();
        tokenOnB.DefaultRequestHeaders.Authorization = fleet.AdminA.DefaultRequestHeaders.Authorization;
        Assert.Equal(HttpStatusCode.OK, (await tokenOnB.GetAsync("/api/keys")).StatusCode);
    }

    [Fact]
    public async Task Concurrent_promotions_through_A_and_B_leave_one_champion_that_both_serve()
    {
        var times = new List<TimeSpan>();
        for (var round = 0; round < 10; round++)
        {
            var champion = await ChampionAsync();
            var others = Enumerable.Range(1, FleetSyncFixture.Versions).Where(v => v != champion).OrderBy(_ => Random.Shared.Next()).Take(2).ToArray();
            var onA = PromoteAsync(fleet.AdminA, others[0]);
            var onB = PromoteAsync(fleet.AdminB, others[1]);
            await Task.WhenAll(onA, onB);

            var winner = await ChampionAsync();
            Assert.Contains(winner, others);
            var watch = Stopwatch.StartNew();
            await UntilServedAsync(fleet.AdminA, winner, Propagation);
            await UntilServedAsync(fleet.AdminB, winner, Propagation);
            times.Add(watch.Elapsed);
        }

        // Every champion move starts where the one before it ended: no move read a stale champion.
        var history = (await (await fleet.AdminA.GetAsync($"/api/models/{Model}/history")).JsonAsync()).EnumerateArray()
            .Where(h => h.GetProperty("alias").GetString() == "champion").Reverse().ToList();
        for (var i = 1; i < history.Count; i++)
            Assert.Equal(history[i - 1].GetProperty("toVersion").GetInt32(), history[i].GetProperty("fromVersion").GetInt32());
        Assert.Equal(await ChampionAsync(), history[^1].GetProperty("toVersion").GetInt32());
        Report("concurrent promotions, both replicas agree", times);
    }

    [Fact]
    public async Task A_replica_that_hears_no_announcement_converges_on_its_reconcile_pass()
    {
        var target = await OtherVersionAsync();
        await PromoteAsync(fleet.AdminA, target);
        // C does not listen; its reconcile pass runs every second.
        var time = await UntilServedAsync(fleet.AdminC, target, TimeSpan.FromSeconds(3));
        Report("reconcile only (period 1 s) A -> C", [time]);
    }

    private Task<int> ChampionAsync() => FleetCalls.ChampionAsync(fleet.AdminA, Model);

    private async Task<int> OtherVersionAsync()
    {
        var champion = await ChampionAsync();
        return Enumerable.Range(1, FleetSyncFixture.Versions).Where(v => v != champion).OrderBy(_ => Random.Shared.Next()).First();
    }

    private static Task PromoteAsync(HttpClient admin, int version) => FleetCalls.PromoteAsync(admin, Model, version);

    private static Task<TimeSpan> UntilServedAsync(HttpClient client, int version, TimeSpan limit) => FleetCalls.UntilServedAsync(client, Model, version, limit);

    private static Task<TimeSpan> UntilAsync(Func<Task<bool>> condition, TimeSpan limit, string what) => FleetCalls.UntilAsync(condition, limit, what);

    private void Report(string what, List<TimeSpan> times) => FleetCalls.Report(output, what, times);
}
