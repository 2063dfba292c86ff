using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Portal.Core.Auth;
using Portal.Core.Fleet;
using Portal.Tests.Hosting;
using Portal.Web.Fleet;

namespace Portal.Tests.Api.Fleet;

/// <summary>GET /api/fleet and its alias on one SQLite portal with a champion: a fleet of one that agrees, until a fake live replica serves another version.</summary>
public sealed class FleetApiTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>
{
    private const string Model = TrainedModelFixture.Model;

    [Theory]
    [InlineData("/api/fleet")]
    [InlineData("/api/federated/status")]
    public async Task GetFleet_without_admin_is_401_or_403(string path)
    {
        using var anonymous = fixture.Factory.CreateClient();
        using var scientist = await fixture.Factory.ClientForAsync(Roles.DataScientist);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await scientist.GetAsync(path)).StatusCode);
    }

    [Theory]
    [InlineData("/api/fleet")]
    [InlineData("/api/federated/status")]
    public async Task GetFleet_one_replica_serving_the_champion_agrees_and_holds_every_lease(string path)
    {
        using var admin = await ReadyAdminAsync();
        var self = fixture.Factory.Services.GetRequiredService<ReplicaIdentity>();
        await Eventually.TrueAsync(async () => (await FleetAsync(admin, path)).GetProperty("leases").GetArrayLength() == LeaseNames.All.Count, TimeSpan.FromSeconds(20), "every lease taken");

        var fleet = await FleetAsync(admin, path);

        Assert.Equal(self.Id, fleet.GetProperty("answeredBy").GetString());
        Assert.True(fleet.GetProperty("agrees").GetBoolean());
        Assert.Empty(fleet.GetProperty("disagreeing").EnumerateArray());
        Assert.Equal(1, fleet.GetProperty("live").GetInt32());
        var champion = fleet.GetProperty("champions").GetProperty(Model).GetInt32();
        var replica = Assert.Single(fleet.GetProperty("replicas").EnumerateArray(), r => r.GetProperty("id").GetString() == self.Id);
        Assert.True(replica.GetProperty("alive").GetBoolean());
        Assert.Equal(Environment.ProcessId, replica.GetProperty("processId").GetInt32());
        Assert.Equal(self.Host, replica.GetProperty("host").GetString());
        Assert.Equal(champion, replica.GetProperty("serving").GetProperty(Model).GetProperty("champion").GetInt32());
        Assert.Equal(JsonValueKind.Null, replica.GetProperty("stoppedAt").ValueKind);
        Assert.Equal(LeaseNames.All.Order(StringComparer.Ordinal), fleet.GetProperty("leases").EnumerateArray().Select(l => l.GetProperty("name").GetString()));
        Assert.All(fleet.GetProperty("leases").EnumerateArray(), l => Assert.Equal(self.Id, l.GetProperty("holder").GetString()));
        Assert.All(fleet.GetProperty("leases").EnumerateArray(), l => Assert.False(l.GetProperty("expired").GetBoolean()));
    }

    [Fact]
    public async Task GetFleet_counts_requests_served_by_this_replica()
    {
        using var admin = await ReadyAdminAsync();
        var self = fixture.Factory.Services.GetRequiredService<ReplicaIdentity>().Id;
        using var scientist = await fixture.Factory.ClientForAsync(Roles.DataScientist);
        var before = Served(await FleetAsync(admin, "/api/fleet"), self);
        var predict = await scientist.PostAsJsonAsync($"/api/models/{Model}/predict", new { features = FirstRow() });
        Assert.Equal(HttpStatusCode.OK, predict.StatusCode);

        await Heartbeat().BeatAsync(default);

        Assert.True(Served(await FleetAsync(admin, "/api/fleet"), self) >= before + 1);
    }

    [Fact]
    public async Task GetFleet_live_replica_serving_another_version_disagrees_until_it_stops()
    {
        using var admin = await ReadyAdminAsync();
        var store = fixture.Factory.Services.GetRequiredService<IReplicaStore>();
        var champion = (await FleetAsync(admin, "/api/fleet")).GetProperty("champions").GetProperty(Model).GetInt32();
        var now = TimeProvider.System.GetUtcNow();
        var stale = new ReplicaRecord($"dead-{Guid.NewGuid():N}", "elsewhere", 1, "0.9", now.AddHours(-2), now.AddHours(-1),
            new Dictionary<string, ServedVersions> { [Model] = new(champion + 5) }, 7);
        var other = new ReplicaRecord($"fake-{Guid.NewGuid():N}", "elsewhere", 2, "0.9", now, now,
            new Dictionary<string, ServedVersions> { [Model] = new(champion + 1, champion, 0.5) }, 3);
        await store.SaveAsync(stale);
        await store.SaveAsync(other);
        try
        {
            var fleet = await FleetAsync(admin, "/api/fleet");

            Assert.False(fleet.GetProperty("agrees").GetBoolean());
            Assert.Equal([Model], fleet.GetProperty("disagreeing").EnumerateArray().Select(m => m.GetString()));
            var replicas = fleet.GetProperty("replicas").EnumerateArray().ToList();
            var fake = Assert.Single(replicas, r => r.GetProperty("id").GetString() == other.Id);
            Assert.True(fake.GetProperty("alive").GetBoolean());
            Assert.Equal(champion + 1, fake.GetProperty("serving").GetProperty(Model).GetProperty("champion").GetInt32());
            Assert.Equal(0.5, fake.GetProperty("serving").GetProperty(Model).GetProperty("candidateShare").GetDouble());
            Assert.False(Assert.Single(replicas, r => r.GetProperty("id").GetString() == stale.Id).GetProperty("alive").GetBoolean());
        }
        finally
        {
            await store.MarkStoppedAsync(other.Id, TimeProvider.System.GetUtcNow());
        }

        var after = await FleetAsync(admin, "/api/federated/status");
        Assert.True(after.GetProperty("agrees").GetBoolean()); // a stopped or dead replica does not count
        Assert.False(Assert.Single(after.GetProperty("replicas").EnumerateArray(), r => r.GetProperty("id").GetString() == other.Id).GetProperty("alive").GetBoolean());
    }

    [Fact]
    public async Task Metrics_show_the_fleet_and_the_held_leases_and_pass_promtool()
    {
        using var admin = await ReadyAdminAsync();
        var self = fixture.Factory.Services.GetRequiredService<ReplicaIdentity>().Id;
        await Eventually.TrueAsync(
            () => Task.FromResult(LeaseNames.All.All(fixture.Factory.Services.GetRequiredService<FleetLeases>().Holds)), TimeSpan.FromSeconds(20), "every lease held");

        var text = await admin.GetStringAsync("/metrics");

        Assert.True(MetricsText.Value(text, "portal_replica_live") >= 1);
        Assert.Equal(1, MetricsText.Value(text, $"portal_replica_up{{replica=\"{self}\"}}"));
        Assert.InRange(MetricsText.Value(text, $"portal_replica_heartbeat_age_seconds{{replica=\"{self}\"}}"), 0, 60);
        Assert.Contains("portal_replica_agrees ", text, StringComparison.Ordinal);
        foreach (var lease in LeaseNames.All) Assert.Equal(1, MetricsText.Value(text, $"portal_replica_lease_held{{lease=\"{lease}\"}}"));
        await MetricsText.AssertPromtoolCleanAsync(text);
    }

    private ReplicaHeartbeat Heartbeat() => fixture.Factory.Services.GetServices<IHostedService>().OfType<ReplicaHeartbeat>().Single();

    /// <summary>An admin client once the model has a champion and this replica's heartbeat says what it serves.</summary>
    private async Task<HttpClient> ReadyAdminAsync()
    {
        var admin = await fixture.Factory.ClientForAsync(Roles.Admin);
        var fleet = await FleetAsync(admin, "/api/fleet");
        if (!fleet.GetProperty("champions").TryGetProperty(Model, out var champion) || champion.ValueKind == JsonValueKind.Null)
            Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/models/{Model}/versions/1/promote", new { reason = "fleet test" })).StatusCode);
        await Heartbeat().BeatAsync(default);
        return admin;
    }

    private static async Task<JsonElement> FleetAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    private static long Served(JsonElement fleet, string id) =>
        fleet.GetProperty("replicas").EnumerateArray().Single(r => r.GetProperty("id").GetString() == id).GetProperty("requestsServed").GetInt64();

    /// <summary>The first data row of breast_cancer.csv as a features object.</summary>
    private static JsonObject FirstRow()
    {
        var lines = File.ReadLines(TestPaths.Sample("breast_cancer.csv")).Take(2).ToArray();
        var names = lines[0].Split(',');
        var values = lines[1].Split(',');
        var row = new JsonObject();
        for (var i = 0; i < names.Length; i++)
            if (names[i] != "diagnosis") row[names[i]] = double.Parse(values[i], System.Globalization.CultureInfo.InvariantCulture);
        return row;
    }
}
