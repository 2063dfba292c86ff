using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Portal.Core.Fleet;
using Portal.Data.Stores;
using Portal.Tests.Api;
using Xunit.Abstractions;

namespace Portal.Tests.Hosting.Fleet;

/// <summary>
/// kill -9 of the replica holding the leases while it promotes, at four points of the promotion, on one PostgreSQL database
/// and one S3 bucket: while it loads the engine (its preload announcement heard), the moment its transaction holds the
/// model's advisory lock, frozen inside the transaction (the test holds a row lock the move's UPDATE waits on, so the
/// kill certainly lands between BEGIN and COMMIT), and after the commit (its announcement heard). Every time the other
/// replica stays consistent: one champion, an alias history without a half-move, the registry's champion served, every
/// lease taken within the TTL, and the model movable again. Each round kills the holder and starts a new replica, so
/// the survivor is the holder of the next round.
/// </summary>
public sealed class FleetCrashKestrelTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Model = FleetSyncFixture.Model;
    private const int LeaseSeconds = 3;
    private const int ReconcileSeconds = 1;

    private enum KillPoint
    {
        WhileLoading,
        WhenTheLockIsHeld,
        FrozenInTheTransaction,
        AfterTheCommit,
    }

    private S3Server _s3 = null!;
    private string _database = null!;
    private readonly List<PortalProcess> _processes = [];

    public async Task InitializeAsync()
    {
        _s3 = await S3Server.StartAsync();
        _database = await PostgresCluster.Instance.CreateDatabaseAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes) await process.DisposeAsync();
        await _s3.DisposeAsync();
    }

    [Fact]
    public async Task Killing_the_lease_holder_in_the_middle_of_a_promotion_leaves_the_other_replica_consistent_serving_and_holding_the_leases()
    {
        var holder = await StartAsync(demo: true);
        using (var admin = await holder.CreateAdminClientAsync())
        {
            (await admin.PutAsJsonAsync($"/api/models/{Model}/gates", new { minAuc = (double?)null })).EnsureSuccessStatusCode();
            await FleetSettings.ImportCopiesAsync(admin, _s3, Model, FleetSyncFixture.Versions);
            var id = await IdAsync(admin);
            await Eventually.TrueAsync(async () => HeldBy(await FleetAsync(admin), id), TimeSpan.FromSeconds(30), "the first replica holding every lease");
        }

        var survivor = await StartAsync(demo: false);
        var landedInside = new List<KillPoint>();
        // The look at the lock races the move's few milliseconds in the transaction, so it is tried twice; the frozen
        // round is the one certain to land inside.
        KillPoint[] rounds = [KillPoint.WhileLoading, KillPoint.WhenTheLockIsHeld, KillPoint.WhenTheLockIsHeld, KillPoint.FrozenInTheTransaction, KillPoint.AfterTheCommit];
        for (var round = 0; round < rounds.Length; round++)
        {
            if (await RoundAsync(holder, survivor, rounds[round])) landedInside.Add(rounds[round]);
            holder = survivor;
            if (round < rounds.Length - 1) survivor = await StartAsync(demo: false);
        }

        Assert.Contains(KillPoint.FrozenInTheTransaction, landedInside);
    }

    /// <summary>One kill and its checks; true when the kill landed inside the move's transaction (lock held, nothing committed).</summary>
    private async Task<bool> RoundAsync(PortalProcess holder, PortalProcess survivor, KillPoint point)
    {
        using var adminH = await holder.CreateAdminClientAsync();
        using var adminS = await survivor.CreateAdminClientAsync();
        var idH = await IdAsync(adminH);
        var idS = await IdAsync(adminS);
        Assert.True(HeldBy(await FleetAsync(adminS), idH), $"{point}: the replica to kill holds every lease");
        var before = await FleetCalls.ChampionAsync(adminS, Model);
        var historyBefore = await FleetCalls.ChampionHistoryAsync(adminS, Model);
        await FleetCalls.UntilServedAsync(adminS, Model, before, TimeSpan.FromSeconds(5));
        // A new version, imported through the survivor: the holder has never loaded it, so its promotion loads the engine first.
        var target = await FleetSettings.ImportCopyAsync(adminS, _s3, Model);

        await using var monitor = new NpgsqlConnection(_database);
        await monitor.OpenAsync();
        await using var listener = new NpgsqlConnection(_database);
        await listener.OpenAsync();
        var heard = new Dictionary<string, TaskCompletionSource>
        {
            [RegistryChangeKinds.Preload] = new(TaskCreationOptions.RunContinuationsAsynchronously),
            [RegistryChangeKinds.Promotion] = new(TaskCreationOptions.RunContinuationsAsynchronously),
        };
        Task? killing = null;
        listener.Notification += (_, e) =>
        {
            using var message = JsonDocument.Parse(e.Payload);
            var kind = message.RootElement.GetProperty("kind").GetString()!;
            if (message.RootElement.GetProperty("replica").GetString() != idH || !heard.TryGetValue(kind, out var seen)) return;
            // Killed right here, on the thread that read the announcement: the engine load that follows it takes milliseconds.
            if (point == KillPoint.WhileLoading && kind == RegistryChangeKinds.Preload) killing ??= holder.StopAsync();
            seen.TrySetResult();
        };
        await Execute(listener, "LISTEN portal_changes");
        using var listening = new CancellationTokenSource();
        var waiting = Task.Run(async () =>
        {
            try
            {
                while (true) await listener.WaitAsync(listening.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or NpgsqlException)
            {
                // The round is over.
            }
        });
        // Disposed before the listener (declared after it), also when an assertion fails: a connection still waiting would
        // refuse to close, and that error would hide the assertion's.
        await using var stopListening = new Cleanup(async () =>
        {
            await listening.CancelAsync();
            await waiting;
        });

        NpgsqlTransaction? freeze = null;
        if (point == KillPoint.FrozenInTheTransaction)
        {
            freeze = await monitor.BeginTransactionAsync();
            await Execute(monitor, $"SELECT 1 FROM \"Models\" WHERE \"Name\" = '{Model}' FOR UPDATE");
        }

        var promotion = adminH.PostAsJsonAsync($"/api/models/{Model}/versions/{target}/promote", new { alias = "champion", reason = "killed mid-move" });
        string evidence;
        switch (point)
        {
            case KillPoint.WhileLoading:
                await heard[RegistryChangeKinds.Preload].Task.WaitAsync(TimeSpan.FromSeconds(30));
                evidence = "its preload announcement heard";
                break;
            case KillPoint.WhenTheLockIsHeld:
                // A busy look at pg_locks (each query waits on the server's answer): the kill follows the first sight of the lock.
                // A move quicker than one look is killed after it answered: still a crash to survive, reported as such.
                var watch = Stopwatch.StartNew();
                int? pid;
                while ((pid = await LockHolderAsync(monitor)) is null && !promotion.IsCompleted)
                    Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), "the promotion neither took the advisory lock nor answered within 30 s");
                evidence = pid is null ? "the advisory lock never seen held (the move answered first)" : $"the advisory lock seen held by backend {pid}";
                break;
            case KillPoint.FrozenInTheTransaction:
                var frozen = Stopwatch.StartNew();
                string? blocked;
                while ((blocked = await BlockedHolderAsync(monitor)) is null)
                {
                    Assert.True(frozen.Elapsed < TimeSpan.FromSeconds(30) && !promotion.IsCompleted, "the move never waited on the test's row lock while holding the advisory lock");
                    await Task.Yield();
                }

                evidence = blocked;
                break;
            default:
                await heard[RegistryChangeKinds.Promotion].Task.WaitAsync(TimeSpan.FromSeconds(30));
                evidence = "its promotion announcement heard (committed)";
                break;
        }

        var answered = promotion.IsCompletedSuccessfully;
        await (killing ?? holder.StopAsync()); // SIGKILL: no release of leases, no stop mark, no COMMIT
        var killed = Stopwatch.StartNew();
        if (freeze is not null) await freeze.RollbackAsync();
        try
        {
            await promotion;
        }
        catch (HttpRequestException)
        {
            // The process died before it answered.
        }

        // The registry after the kill: one champion, and a history every row of which is an alias state, ending at it.
        var after = await FleetCalls.ChampionAsync(adminS, Model);
        Assert.Contains(after, new[] { before, target });
        var committed = after == target;
        await using (var count = new NpgsqlCommand("""SELECT count(*) FROM "ModelAliases" a JOIN "Models" m ON m."Id" = a."ModelId" WHERE m."Name" = @m AND a."Alias" = 'champion'""", monitor))
        {
            count.Parameters.AddWithValue("m", Model);
            Assert.Equal(1L, (long)(await count.ExecuteScalarAsync())!);
        }

        var history = await FleetCalls.ChampionHistoryAsync(adminS, Model);
        Assert.Equal(historyBefore.Count + (committed ? 1 : 0), history.Count);
        for (var i = 1; i < history.Count; i++)
            Assert.Equal(history[i - 1].GetProperty("toVersion").GetInt32(), history[i].GetProperty("fromVersion").GetInt32());
        Assert.Equal(after, history[^1].GetProperty("toVersion").GetInt32());

        // The survivor serves the registry's champion: at once when it heard the move (or there was none), else by its next reconcile.
        await FleetCalls.UntilServedAsync(adminS, Model, after, TimeSpan.FromSeconds(1 + ReconcileSeconds));
        var served = killed.Elapsed;

        await Eventually.TrueAsync(async () => HeldBy(await FleetAsync(adminS), idS), TimeSpan.FromSeconds(LeaseSeconds + 15), $"{point}: the survivor taking every lease");
        var tookOver = killed.Elapsed;
        // The dead holder's last renewal was before the kill, so its leases expire within the TTL; the survivor tries again
        // at that expiry. The slack is for this 2-core machine and the polling of /api/fleet.
        Assert.True(tookOver < TimeSpan.FromSeconds(LeaseSeconds + 1), $"{point}: the leases moved after {tookOver.TotalSeconds:F1} s (TTL {LeaseSeconds} s)");

        // Nothing of the dead move is left holding the model: the survivor moves it.
        var next = Enumerable.Range(1, FleetSyncFixture.Versions).First(v => v != after);
        var move = Stopwatch.StartNew();
        await FleetCalls.PromoteAsync(adminS, Model, next);
        var moved = move.Elapsed;
        await FleetCalls.UntilServedAsync(adminS, Model, next, TimeSpan.FromSeconds(1));

        var inside = !committed && point is KillPoint.WhenTheLockIsHeld or KillPoint.FrozenInTheTransaction;
        output.WriteLine($"{point}: killed with {evidence}; the promotion had {(answered ? "" : "not ")}answered; v{target} {(committed ? "committed" : "not committed")}"
            + $"{(inside ? " (the kill landed inside the transaction)" : "")}; survivor served v{after} {served.TotalMilliseconds:F0} ms after the kill, "
            + $"held every lease after {tookOver.TotalMilliseconds:F0} ms (TTL {LeaseSeconds} s), promoted v{next} in {moved.TotalMilliseconds:F0} ms");
        return inside;
    }

    private async Task<PortalProcess> StartAsync(bool demo)
    {
        var process = await PortalProcess.StartAsync(new PortalProcessOptions
        {
            Demo = demo,
            Settings = FleetSettings.Of(_database, _s3,
            [
                ("Portal:Fleet:HeartbeatSeconds", "1"), ("Portal:Fleet:LeaseSeconds", LeaseSeconds.ToString()),
                ("Portal:Fleet:ReconcileSeconds", ReconcileSeconds.ToString()),
            ]),
        });
        _processes.Add(process);
        return process;
    }

    /// <summary>The backend holding the model's advisory lock (a move's transaction), if any.</summary>
    private static async Task<int?> LockHolderAsync(NpgsqlConnection monitor)
    {
        await using var command = new NpgsqlCommand(
            "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = @high AND objid = @low AND objsubid = 1", monitor);
        AddKey(command);
        return await command.ExecuteScalarAsync() as int?;
    }

    /// <summary>The holder of the model's advisory lock when it waits on the test's own row lock: its state, or null.</summary>
    private static async Task<string?> BlockedHolderAsync(NpgsqlConnection monitor)
    {
        // Inside a transaction (the test's row lock) pg_stat_activity is read once and kept: a fresh look each time.
        await Execute(monitor, "SELECT pg_stat_clear_snapshot()");
        await using var command = new NpgsqlCommand("""
            SELECT format('the advisory lock held by backend %s, %s (xact started %s), waiting on %s behind the test''s row lock: %s',
                          a.pid, a.state, a.xact_start, a.wait_event_type, left(a.query, 60))
            FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.classid = @high AND l.objid = @low AND l.objsubid = 1
              AND pg_backend_pid() = ANY (pg_blocking_pids(a.pid))
            """, monitor);
        AddKey(command);
        return await command.ExecuteScalarAsync() as string;
    }

    /// <summary>pg_locks shows a bigint advisory key as its high and low 32 bits (classid, objid; objsubid 1).</summary>
    private static void AddKey(NpgsqlCommand command)
    {
        var key = ModelLockKey.Of(Model);
        command.Parameters.AddWithValue("high", NpgsqlTypes.NpgsqlDbType.Oid, (uint)(key >> 32));
        command.Parameters.AddWithValue("low", NpgsqlTypes.NpgsqlDbType.Oid, (uint)(key & 0xFFFFFFFF));
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string> IdAsync(HttpClient admin) => (await FleetAsync(admin)).GetProperty("answeredBy").GetString()!;

    private static async Task<JsonElement> FleetAsync(HttpClient admin) => await (await admin.GetAsync("/api/fleet")).EnsureSuccessStatusCode().JsonAsync();

    private static bool HeldBy(JsonElement fleet, string id)
    {
        var leases = fleet.GetProperty("leases").EnumerateArray().ToList();
        return leases.Count == LeaseNames.All.Count && leases.All(l => l.GetProperty("holder").GetString() == id && !l.GetProperty("expired").GetBoolean());
    }

    private sealed class Cleanup(Func<Task> cleanup) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await cleanup();
    }
}
