using System.Diagnostics;
using Npgsql;
using Portal.Tests.Api;
using Xunit.Abstractions;

namespace Portal.Tests.Hosting.Fleet;

/// <summary>
/// B's listener cut from the database's side (pg_terminate_backend on the connection named <c>portal-listen {replica}</c>):
/// a promotion committed on A while B had no listener is never announced to B, yet B serves it within a couple of seconds
/// through the reconcile it runs after reconnecting; a promotion after that reaches B through NOTIFY within a second.
/// </summary>
[Collection(FleetCollection.Name)]
public sealed class FleetListenerKestrelTests(FleetSyncFixture fleet, ITestOutputHelper output)
{
    private const string Model = FleetSyncFixture.Model;

    [Fact]
    public async Task A_listener_cut_by_the_database_reconnects_reconciles_what_it_missed_and_hears_again()
    {
        var idB = (await (await fleet.AdminB.GetAsync("/api/fleet")).EnsureSuccessStatusCode().JsonAsync()).GetProperty("answeredBy").GetString()!;
        var application = $"portal-listen {idB}";
        await using var db = new NpgsqlConnection(fleet.Database);
        await db.OpenAsync();
        var started = await ListenerStartAsync(db, application);
        Assert.True(started is not null, $"no connection named '{application}' in pg_stat_activity");

        var missed = false;
        for (var attempt = 1; attempt <= 3 && !missed; attempt++)
        {
            var target = await OtherVersionAsync();
            // In the select list, not the WHERE clause: PostgreSQL may evaluate a WHERE clause's terms in any order.
            await using (var cut = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = @app", db))
            {
                cut.Parameters.AddWithValue("app", application);
                Assert.True(await cut.ExecuteScalarAsync() is true, $"no connection named {application} to cut");
            }

            var watch = Stopwatch.StartNew();
            await FleetCalls.PromoteAsync(fleet.AdminA, Model, target);
            // Committed before it answered: a listener whose connection started after this heard nothing of it.
            var movedAt = DateTimeOffset.UtcNow;
            var served = await FleetCalls.UntilServedAsync(fleet.AdminB, Model, target, TimeSpan.FromSeconds(3));
            var sinceCut = watch.Elapsed;
            DateTimeOffset? back = null;
            await FleetCalls.UntilAsync(async () => (back = await ListenerStartAsync(db, application)) > started, TimeSpan.FromSeconds(10), "B's listener to connect again");
            started = back;
            // NOTIFY reaches only sessions listening when the move commits: a listener back after the move missed it.
            missed = back > movedAt;
            output.WriteLine($"attempt {attempt}: moved to v{target}, answered at {movedAt:HH:mm:ss.fff}, B's listener back at {back:HH:mm:ss.fff} "
                + $"({(missed ? "after the move: its announcement was missed" : "before the move: B heard it")}); B served v{target} {served.TotalMilliseconds:F0} ms after the promotion answered "
                + $"({sinceCut.TotalMilliseconds:F0} ms after the cut)");
            if (missed)
            {
                Assert.True(served < TimeSpan.FromSeconds(2.5), $"B took {served.TotalMilliseconds:F0} ms");
                // The reconcile logs what it changed once it has been through every model: shortly after the swap.
                await FleetCalls.UntilAsync(() => Task.FromResult(LogOfB().Any(l => l.Contains($"serves v{target} as champion", StringComparison.Ordinal)
                    && l.Contains("(listener reconnected)", StringComparison.Ordinal))), TimeSpan.FromSeconds(2), $"B to log v{target} served by the reconnect's reconcile");
                foreach (var line in LogOfB().Where(l => l.StartsWith("Fleet:", StringComparison.Ordinal) || l.Contains(" Fleet:", StringComparison.Ordinal)).TakeLast(3))
                    output.WriteLine($"  B: {line.Trim()}");
            }
        }

        Assert.True(missed, "in three attempts B's listener was back before A's move committed, so the reconnect's reconcile was never needed");
        Assert.Contains(LogOfB(), l => l.Contains("the change listener lost its connection", StringComparison.Ordinal));

        // The listener is back: announcements reach B again within a second.
        var times = new List<TimeSpan>();
        for (var i = 0; i < 3; i++)
        {
            var next = await OtherVersionAsync();
            await FleetCalls.PromoteAsync(fleet.AdminA, Model, next);
            times.Add(await FleetCalls.UntilServedAsync(fleet.AdminB, Model, next, TimeSpan.FromSeconds(1)));
        }

        FleetCalls.Report(output, "promotion A -> B after the listener reconnected", times);
    }

    private List<string> LogOfB() => fleet.B.Log.Split('\n').ToList();

    private static async Task<DateTimeOffset?> ListenerStartAsync(NpgsqlConnection db, string application)
    {
        await using var command = new NpgsqlCommand("SELECT backend_start FROM pg_stat_activity WHERE application_name = @app", db);
        command.Parameters.AddWithValue("app", application);
        return await command.ExecuteScalarAsync() is DateTime start ? new DateTimeOffset(start.ToUniversalTime(), TimeSpan.Zero) : null;
    }

    private async Task<int> OtherVersionAsync()
    {
        var champion = await FleetCalls.ChampionAsync(fleet.AdminA, Model);
        return Enumerable.Range(1, FleetSyncFixture.Versions).Where(v => v != champion).OrderBy(_ => Random.Shared.Next()).First();
    }
}
