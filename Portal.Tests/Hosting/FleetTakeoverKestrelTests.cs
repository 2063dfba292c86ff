using System.Text.Json;
using Portal.Core.Fleet;
using Portal.Tests.Api;

namespace Portal.Tests.Hosting;

/// <summary>
/// Two real portal processes on one PostgreSQL database and one S3 bucket, each with its own data folder: both report in
/// /api/fleet, one holds the leases on the once-per-fleet work, and when that one is killed (SIGKILL, no clean shutdown)
/// the other takes every lease within the TTL and shows the dead one as not alive.
/// </summary>
public sealed class FleetTakeoverKestrelTests
{
    private const int HeartbeatSeconds = 1;
    private const int LeaseSeconds = 3;

    [Fact]
    public async Task Killed_lease_holder_is_shown_dead_and_the_other_replica_takes_every_lease_within_the_ttl()
    {
        var connection = await PostgresCluster.Instance.CreateDatabaseAsync();
        await using var s3 = await S3Server.StartAsync();
        var settings = Fleet.FleetSettings.Of(connection, s3,
            [("Portal:Fleet:HeartbeatSeconds", HeartbeatSeconds.ToString()), ("Portal:Fleet:LeaseSeconds", LeaseSeconds.ToString())]);
        await using var a = await PortalProcess.StartAsync(new PortalProcessOptions { Demo = false, Settings = settings });
        using var adminA = await a.CreateAdminClientAsync();
        var idA = (await FleetAsync(adminA)).GetProperty("answeredBy").GetString()!;
        await Eventually.TrueAsync(async () => HeldBy(await FleetAsync(adminA), idA), TimeSpan.FromSeconds(30), "replica A holding every lease");

        await using var b = await PortalProcess.StartAsync(new PortalProcessOptions { Demo = false, Settings = settings });
        using var adminB = await b.CreateAdminClientAsync();
        var idB = (await FleetAsync(adminB)).GetProperty("answeredBy").GetString()!;
        await Eventually.TrueAsync(async () => (await FleetAsync(adminB)).GetProperty("live").GetInt32() == 2, TimeSpan.FromSeconds(30), "both replicas live in /api/fleet");
        var both = await FleetAsync(adminA);
        Assert.Equal(new[] { idA, idB }.Order(StringComparer.Ordinal), Ids(both).Order(StringComparer.Ordinal));
        Assert.True(HeldBy(both, idA), "the first replica keeps the leases while it renews them");
        Assert.True(both.GetProperty("agrees").GetBoolean());

        var killedAt = DateTime.UtcNow;
        await a.StopAsync(); // Process.Kill: no release, no stop mark

        await Eventually.TrueAsync(async () => HeldBy(await FleetAsync(adminB), idB), TimeSpan.FromSeconds(LeaseSeconds + 15), "replica B taking every lease");
        var tookOver = DateTime.UtcNow - killedAt;
        Assert.True(tookOver < TimeSpan.FromSeconds(LeaseSeconds + 10), $"takeover took {tookOver.TotalSeconds:F1} s");
        await Eventually.TrueAsync(async () => !Alive(await FleetAsync(adminB), idA), TimeSpan.FromSeconds(HeartbeatSeconds * FleetStatus.MissedHeartbeats + 10), "replica A shown not alive");
        var after = await FleetAsync(adminB);
        Assert.True(Alive(after, idB));
        Assert.Equal(1, after.GetProperty("live").GetInt32());
        Assert.All(after.GetProperty("leases").EnumerateArray(), l => Assert.True(l.GetProperty("token").GetInt64() >= 2, "the token grew with the change of holder"));
    }

    private static async Task<JsonElement> FleetAsync(HttpClient admin) => await (await admin.GetAsync("/api/fleet")).EnsureSuccessStatusCode().JsonAsync();

    private static bool HeldBy(JsonElement fleet, string id)
    {
        var leases = fleet.GetProperty("leases").EnumerateArray().ToList();
        return leases.Count == LeaseNames.All.Count && leases.All(l => l.GetProperty("holder").GetString() == id && !l.GetProperty("expired").GetBoolean());
    }

    private static bool Alive(JsonElement fleet, string id) =>
        fleet.GetProperty("replicas").EnumerateArray().Single(r => r.GetProperty("id").GetString() == id).GetProperty("alive").GetBoolean();

    private static string[] Ids(JsonElement fleet) => fleet.GetProperty("replicas").EnumerateArray().Select(r => r.GetProperty("id").GetString()!).ToArray();
}
