using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Npgsql;
using Portal.Tests.Api;

namespace Portal.Tests.Hosting;

/// <summary>
/// The real portal on a PostgreSQL server of the test's own, which the test starts late or stops under it: the replica
/// is unready with the reason meanwhile, keeps answering predictions from memory, queues then sheds (counted) the
/// prediction log, and recovers by itself when the server is back.
/// </summary>
public sealed class PostgresFaultsKestrelTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private static readonly object Applicant = new
    {
        features = new Dictionary<string, object>
        {
            ["Seniority"] = 9, ["Home"] = "rent", ["Time"] = 60, ["Age"] = 30, ["Marital"] = "married", ["Records"] = "no", ["Job"] = "freelance",
            ["Expenses"] = 73, ["Income"] = 129, ["Assets"] = 0, ["Debt"] = 0, ["Amount"] = 800, ["Price"] = 846,
        },
    };

    [Fact]
    public async Task Start_DatabaseDown_UnreadyWithTheReasonThenReadyWhenItComesUp()
    {
        var cluster = PostgresCluster.Create();
        await using var portal = PortalProcess.Launch(Options(cluster, demo: false));

        await Eventually.TrueAsync(async () => await ReadyBodyAsync(portal) is (HttpStatusCode.ServiceUnavailable, var body) && body.Contains("database unreachable", StringComparison.Ordinal),
            Timeout, $"/health/ready to say the database is unreachable\n{portal.Log}");
        Assert.False(portal.HasExited);
        cluster.StartServer();

        await Eventually.TrueAsync(async () => (await ReadyBodyAsync(portal)).Status == HttpStatusCode.OK, Timeout, $"/health/ready to answer 200\n{portal.Log}");
        using var admin = await portal.CreateAdminClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/models")).StatusCode);
        Assert.Contains("The database cannot be reached", portal.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serving_DatabaseGoesDown_PredictsFromMemoryShedsCountedAndRecovers()
    {
        const int capacity = 20, duringOutage = 60;
        var cluster = PostgresCluster.Create();
        cluster.StartServer();
        await using var portal = await PortalProcess.StartAsync(Options(cluster, demo: true, capacity));
        using var admin = await portal.CreateAdminClientAsync();
        await PredictAsync(admin, 5);
        await Eventually.TrueAsync(async () => await CountPredictionsAsync(cluster) == 5, Timeout, "the first predictions to be stored");
        var droppedBefore = await DroppedAsync(admin);

        cluster.StopServer();
        await Eventually.TrueAsync(async () => await ReadyBodyAsync(portal) is (HttpStatusCode.ServiceUnavailable, var body) && body.Contains("database unreachable", StringComparison.Ordinal),
            Timeout, $"/health/ready to turn 503 with the reason\n{portal.Log}");
        await PredictAsync(admin, duringOutage);
        var droppedDuring = await DroppedAsync(admin) - droppedBefore;

        cluster.StartServer();
        await Eventually.TrueAsync(async () => (await ReadyBodyAsync(portal)).Status == HttpStatusCode.OK, Timeout, $"/health/ready to return to 200\n{portal.Log}");
        var expected = 5 + duringOutage - droppedDuring;
        await Eventually.TrueAsync(async () => await CountPredictionsAsync(cluster) == expected, Timeout, $"{expected} stored predictions (the queued ones written after the outage)");

        // The queue held what it could (capacity, plus the batch the writer was holding) and shed the rest, counted.
        Assert.InRange(droppedDuring, duringOutage - 2 * capacity, duringOutage - capacity);
        Assert.Equal(droppedDuring, await DroppedAsync(admin) - droppedBefore);
        Assert.Contains("prediction records queue", portal.Log, StringComparison.Ordinal);
        // An outage is a warning with its reason, not an error with a stack every poll.
        Assert.DoesNotContain("Webhook deliveries failed", portal.Log, StringComparison.Ordinal);
    }

    private static PortalProcessOptions Options(PostgresCluster cluster, bool demo, int capacity = 100_000) => new()
    {
        Demo = demo,
        Published = false,
        Settings = new()
        {
            ["Portal:Database:Provider"] = "postgres",
            ["ConnectionStrings:Portal"] = cluster.ConnectionString("postgres"),
            ["Portal:Serving:PredictionLogCapacity"] = capacity.ToString(CultureInfo.InvariantCulture),
        },
    };

    private static async Task<(HttpStatusCode Status, string Body)> ReadyBodyAsync(PortalProcess portal)
    {
        using var client = portal.CreateClient();
        try
        {
            var response = await client.GetAsync("/health/ready");
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        catch (HttpRequestException)
        {
            return (default, ""); // Kestrel is not listening yet.
        }
    }

    private static async Task PredictAsync(HttpClient client, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var response = await client.PostAsJsonAsync("/api/models/credit-risk/predict", Applicant);
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }
    }

    private static async Task<long> DroppedAsync(HttpClient admin) =>
        (long)MetricsText.Value(await admin.GetStringAsync("/metrics"), "prediction_log_dropped_total");

    private static async Task<long> CountPredictionsAsync(PostgresCluster cluster)
    {
        // Unpooled: a pooled connection from before the outage would be a dead one after it.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(cluster.ConnectionString("postgres")) { Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM \"Predictions\"", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
