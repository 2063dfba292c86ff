using Portal.Core.Fleet;

namespace Portal.Tests.Data.Fleet;

/// <summary>Leases and heartbeat rows behave the same on both providers: <see cref="Sqlite"/> and <see cref="Postgres"/>.</summary>
public abstract class FleetStoreContractTests
{
    public sealed class Sqlite : FleetStoreContractTests
    {
        protected override async Task<IStoreDatabase> CreateDatabaseAsync() => await SqliteDatabase.CreateAsync();
    }

    public sealed class Postgres : FleetStoreContractTests
    {
        protected override async Task<IStoreDatabase> CreateDatabaseAsync() => await PostgresDatabase.CreateAsync();
    }

    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(15);

    protected abstract Task<IStoreDatabase> CreateDatabaseAsync();

    [Fact]
    public async Task TryAcquire_absent_lease_is_created_with_token_one()
    {
        await using var db = await CreateDatabaseAsync();
        var leases = db.Get<ILeaseStore>();

        var lease = await leases.TryAcquireAsync(LeaseNames.Drift, "a", Start, Ttl);

        Assert.Equal(new Lease(LeaseNames.Drift, "a", Start, Start + Ttl, 1), lease);
        Assert.Equal(lease, Assert.Single(await leases.ListAsync()));
    }

    [Fact]
    public async Task TryAcquire_held_lease_is_refused_to_another_and_renewed_by_its_holder()
    {
        await using var db = await CreateDatabaseAsync();
        var leases = db.Get<ILeaseStore>();
        var clock = new ManualClock(Start);
        await leases.TryAcquireAsync(LeaseNames.Drift, "a", clock.GetUtcNow(), Ttl);

        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Null(await leases.TryAcquireAsync(LeaseNames.Drift, "b", clock.GetUtcNow(), Ttl));
        var renewed = await leases.TryAcquireAsync(LeaseNames.Drift, "a", clock.GetUtcNow(), Ttl);

        Assert.Equal(new Lease(LeaseNames.Drift, "a", Start, clock.GetUtcNow() + Ttl, 1), renewed);
        clock.Advance(TimeSpan.FromSeconds(10)); // past the first expiry, not the renewed one
        Assert.Null(await leases.TryAcquireAsync(LeaseNames.Drift, "b", clock.GetUtcNow(), Ttl));
    }

    [Fact]
    public async Task TryAcquire_after_expiry_takes_over_and_grows_the_token()
    {
        await using var db = await CreateDatabaseAsync();
        var leases = db.Get<ILeaseStore>();
        var clock = new ManualClock(Start);
        await leases.TryAcquireAsync(LeaseNames.Retention, "a", clock.GetUtcNow(), Ttl);

        clock.Advance(Ttl + TimeSpan.FromSeconds(1));
        var taken = await leases.TryAcquireAsync(LeaseNames.Retention, "b", clock.GetUtcNow(), Ttl);

        Assert.Equal(new Lease(LeaseNames.Retention, "b", clock.GetUtcNow(), clock.GetUtcNow() + Ttl, 2), taken);
        Assert.Null(await leases.TryAcquireAsync(LeaseNames.Retention, "a", clock.GetUtcNow(), Ttl)); // the old holder cannot renew
        Assert.Equal("b", Assert.Single(await leases.ListAsync()).Holder);
    }

    [Fact]
    public async Task Release_frees_the_lease_at_once_but_only_for_its_holder()
    {
        await using var db = await CreateDatabaseAsync();
        var leases = db.Get<ILeaseStore>();
        await leases.TryAcquireAsync(LeaseNames.Webhooks, "a", Start, Ttl);

        Assert.False(await leases.ReleaseAsync(LeaseNames.Webhooks, "b", Start));
        Assert.Null(await leases.TryAcquireAsync(LeaseNames.Webhooks, "b", Start.AddSeconds(1), Ttl));
        Assert.True(await leases.ReleaseAsync(LeaseNames.Webhooks, "a", Start.AddSeconds(1)));

        var taken = await leases.TryAcquireAsync(LeaseNames.Webhooks, "b", Start.AddSeconds(2), Ttl);
        Assert.Equal(2, taken?.Token);
    }

    [Fact]
    public async Task TryAcquire_racing_replicas_leave_one_holder()
    {
        await using var db = await CreateDatabaseAsync();
        var leases = db.Get<ILeaseStore>();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => leases.TryAcquireAsync(LeaseNames.Rollouts, $"r{i}", Start, Ttl))));

        var winner = Assert.Single(results, r => r is not null);
        Assert.Equal(winner, Assert.Single(await leases.ListAsync()));
    }

    [Fact]
    public async Task Replicas_are_saved_replaced_stopped_and_pruned()
    {
        await using var db = await CreateDatabaseAsync();
        var replicas = db.Get<IReplicaStore>();
        var serving = new Dictionary<string, ServedVersions> { ["credit-risk"] = new(3, 4, 0.25), ["churn"] = new(1) };
        var a = new ReplicaRecord("a", "host-a", 11, "1.0", Start, Start.AddSeconds(5), serving, 42);
        var b = new ReplicaRecord("b", "host-b", 12, "1.0", Start, Start, new Dictionary<string, ServedVersions>(), 0);

        await replicas.SaveAsync(a with { RequestsServed = 1 });
        await replicas.SaveAsync(a);
        await replicas.SaveAsync(b);
        await replicas.MarkStoppedAsync("b", Start.AddSeconds(1));

        var listed = await replicas.ListAsync();
        Assert.Equal(["a", "b"], listed.Select(r => r.Id));
        Assert.Equal(42, listed[0].RequestsServed);
        Assert.Equal(new ServedVersions(3, 4, 0.25), listed[0].Serving["credit-risk"]);
        Assert.Equal(new ServedVersions(1), listed[0].Serving["churn"]);
        Assert.Equal(Start.AddSeconds(1), listed[1].StoppedAt);

        Assert.Equal(1, await replicas.PruneAsync(Start.AddSeconds(2)));
        Assert.Equal("a", Assert.Single(await replicas.ListAsync()).Id);
    }
}
