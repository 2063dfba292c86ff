using System.Net.Http.Json;
using Portal.Tests.Api;

namespace Portal.Tests.Hosting.Fleet;

/// <summary>
/// Three real portal processes on one PostgreSQL database and one models folder: A (trains the demo model credit-risk,
/// then registers v2..v5 by importing its artefact), B (listens for changes) and C (does not listen: the reconcile pass
/// every second is all it has). Gates are off, so any version can be promoted.
/// </summary>
public sealed class FleetSyncFixture : IAsyncLifetime
{
    public const string Model = "credit-risk";
    public const int Versions = 5;

    private readonly string _models = Path.Combine(Path.GetTempPath(), "portal-fleet", Guid.NewGuid().ToString("N"));

    public PortalProcess A { get; private set; } = null!;
    public PortalProcess B { get; private set; } = null!;
    public PortalProcess C { get; private set; } = null!;
    public HttpClient AdminA { get; private set; } = null!;
    public HttpClient AdminB { get; private set; } = null!;
    public HttpClient AdminC { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_models);
        var database = await PostgresCluster.Instance.CreateDatabaseAsync();
        Dictionary<string, string> Settings(params (string Key, string Value)[] more)
        {
            var settings = new Dictionary<string, string>
            {
                ["Portal:Database:Provider"] = "postgres",
                ["ConnectionStrings:Portal"] = database,
                ["Portal:ModelsPath"] = _models,
            };
            foreach (var (key, value) in more) settings[key] = value;
            return settings;
        }

        A = await PortalProcess.StartAsync(new PortalProcessOptions { Demo = true, Settings = Settings() });
        AdminA = await A.CreateAdminClientAsync();
        (await AdminA.PutAsJsonAsync($"/api/models/{Model}/gates", new { minAuc = (double?)null })).EnsureSuccessStatusCode();
        var artefact = await File.ReadAllBytesAsync(Path.Combine(_models, Model, "v1.zip"));
        var dataset = (await (await AdminA.GetAsync($"/api/models/{Model}/versions/1")).JsonAsync()).GetProperty("datasetId").GetInt32();
        for (var v = 2; v <= Versions; v++)
        {
            using var form = new MultipartFormDataContent
            {
                { new ByteArrayContent(artefact), "file", "model.zip" },
                { new StringContent(dataset.ToString(System.Globalization.CultureInfo.InvariantCulture)), "datasetId" },
                { new StringContent("Status"), "label" },
                { new StringContent("bad"), "positiveClass" },
            };
            (await AdminA.PostAsync($"/api/models/{Model}/versions", form)).EnsureSuccessStatusCode();
        }

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
        try
        {
            Directory.Delete(_models, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
    }
}
