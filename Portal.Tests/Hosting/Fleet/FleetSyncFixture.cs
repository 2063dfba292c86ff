using System.Net.Http.Json;
using Portal.Tests.Api;

namespace Portal.Tests.Hosting.Fleet;

/// <summary>
/// Three real portal processes on one PostgreSQL database and one S3 bucket (s3rver), each with a data folder (and so an
/// artefact cache) of its own: A (trains the demo model credit-risk, then registers v2..v5 by importing v1's artefact,
/// read back from the bucket), B (listens for changes) and C (does not listen: the reconcile pass every second is all it
/// has). Gates are off, so any version can be promoted; the rollout decision loop (on A, which holds the leases) looks
/// every second.
/// </summary>
public sealed class FleetSyncFixture : IAsyncLifetime
{
    public const string Model = "credit-risk";
    public const int Versions = 5;

    public PortalProcess A { get; private set; } = null!;
    public PortalProcess B { get; private set; } = null!;
    public PortalProcess C { get; private set; } = null!;
    public HttpClient AdminA { get; private set; } = null!;
    public HttpClient AdminB { get; private set; } = null!;
    public HttpClient AdminC { get; private set; } = null!;

    /// <summary>The bucket the three share.</summary>
    public S3Server S3 { get; private set; } = null!;

    /// <summary>The connection string of the database the three share (for tests that look at it from the server's side).</summary>
    public string Database { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        S3 = await S3Server.StartAsync();
        Database = await PostgresCluster.Instance.CreateDatabaseAsync();
        Dictionary<string, string> Settings(params (string Key, string Value)[] more) =>
            FleetSettings.Of(Database, S3, [("Portal:Rollouts:DecisionIntervalSeconds", "1"), .. more]);

        A = await PortalProcess.StartAsync(new PortalProcessOptions { Demo = true, Settings = Settings() });
        AdminA = await A.CreateAdminClientAsync();
        (await AdminA.PutAsJsonAsync($"/api/models/{Model}/gates", new { minAuc = (double?)null })).EnsureSuccessStatusCode();
        await FleetSettings.ImportCopiesAsync(AdminA, S3, Model, Versions);

        var b = PortalProcess.StartAsync(new PortalProcessOptions { Demo = false, Settings = Settings() });
        var c = PortalProcess.StartAsync(new PortalProcessOptions
        {
            Demo = false, Settings = Settings(("Portal:Fleet:Listen", "false"), ("Portal:Fleet:ReconcileSeconds", "1")),
        });
        B = await b;
        C = await c;
        AdminB = await B.CreateAdminClientAsync();
        AdminC = await C.CreateAdminClientAsync();
    }

    public async Task DisposeAsync()
    {
        AdminA?.Dispose();
        AdminB?.Dispose();
        AdminC?.Dispose();
        foreach (var portal in new[] { A, B, C })
            if (portal is not null) await portal.DisposeAsync();
        if (S3 is not null) await S3.DisposeAsync();
    }
}
