using Portal.Core.Fleet;

namespace Portal.Tests.Core.Fleet;

public sealed class FleetStatusTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Beat = TimeSpan.FromSeconds(5);

    private static ReplicaRecord Replica(string id, TimeSpan age, int? champion, DateTimeOffset? stoppedAt = null) =>
        new(id, "h", 1, "1.0", Now.AddHours(-1), Now - age,
            champion is null ? new Dictionary<string, ServedVersions>() : new Dictionary<string, ServedVersions> { ["m"] = new(champion) }, 0, stoppedAt);

    [Fact]
    public void Of_replica_within_three_heartbeats_is_alive_and_older_or_stopped_is_not()
    {
        var fleet = FleetStatus.Of(
            [Replica("late", TimeSpan.FromSeconds(16), 1), Replica("ok", TimeSpan.FromSeconds(15), 1), Replica("stopped", TimeSpan.Zero, 1, Now)],
            [], new Dictionary<string, int?> { ["m"] = 1 }, Now, Beat);

        Assert.Equal(["ok", "late", "stopped"], fleet.Replicas.Select(r => r.Replica.Id));
        Assert.Equal([true, false, false], fleet.Replicas.Select(r => r.Alive));
        Assert.Equal(TimeSpan.FromSeconds(16), fleet.Replicas[1].HeartbeatAge);
        Assert.True(fleet.Agrees);
    }

    [Fact]
    public void Of_live_replica_with_another_champion_or_none_disagrees_naming_the_model()
    {
        var champions = new Dictionary<string, int?> { ["m"] = 2, ["n"] = null };

        var other = FleetStatus.Of([Replica("a", TimeSpan.Zero, 2), Replica("b", TimeSpan.Zero, 1)], [], champions, Now, Beat);
        var notLoaded = FleetStatus.Of([Replica("a", TimeSpan.Zero, null)], [], champions, Now, Beat);
        var deadOther = FleetStatus.Of([Replica("a", TimeSpan.Zero, 2), Replica("b", TimeSpan.FromMinutes(1), 1)], [], champions, Now, Beat);

        Assert.False(other.Agrees);
        Assert.Equal(["m"], other.Disagreeing);
        Assert.Equal(["m"], notLoaded.Disagreeing);
        Assert.True(deadOther.Agrees);
        Assert.Empty(deadOther.Disagreeing);
    }

    [Fact]
    public void Of_no_replicas_agrees_and_sorts_leases_by_name()
    {
        var fleet = FleetStatus.Of([], [new Lease("z", "a", Now, Now, 1), new Lease("b", "a", Now, Now, 1)], new Dictionary<string, int?> { ["m"] = 1 }, Now, Beat);

        Assert.True(fleet.Agrees);
        Assert.Equal(["b", "z"], fleet.Leases.Select(l => l.Name));
    }
}
