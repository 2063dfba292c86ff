using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Auth;
using Portal.Core.Training;
using Portal.Data.Entities;

namespace Portal.Tests.Api;

/// <summary>
/// The real app (real SQLite file, real JWT handler, real Identity) in a temporary folder, with the demo
/// model off so each test class decides what the registry holds. Tokens are minted by the app itself.
/// With <c>PORTAL_TEST_DATABASE=postgres</c> (test.sh's second pass) the same tests run on a PostgreSQL database of the
/// run's throwaway cluster instead, one per data folder, so both providers answer the whole API suite alike.
/// </summary>
public sealed class PortalFactory : WebApplicationFactory<Program>
{
    public const string AdminPassword = "Admin-pass-1";
    public const string UserPassword = "User-pass-1";
    public const string JwtKey = "tests-signing-key-that-is-long-enough-0123456789";

    /// <summary>True when this run asked for PostgreSQL (<c>PORTAL_TEST_DATABASE=postgres</c>).</summary>
    public static bool OnPostgres { get; } =
        string.Equals(Environment.GetEnvironmentVariable("PORTAL_TEST_DATABASE"), "postgres", StringComparison.OrdinalIgnoreCase);

    /// <summary>The PostgreSQL connection string on the PostgreSQL pass, to close its pooled connections at the end.</summary>
    private string? _postgres;

    public string Root { get; init; } = Path.Combine(Path.GetTempPath(), "portal-tests", Guid.NewGuid().ToString("N"));

    /// <summary>False to keep the folder for another factory (a restart on the same data).</summary>
    public bool DeleteRootOnDispose { get; init; } = true;

    /// <summary>When set, replaces the system clock (set before the first request).</summary>
    public TimeProvider? Clock { get; init; }

    /// <summary>Replaces services for one test class (after the app's own), set before the first request.</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    /// <summary>Extra configuration for one test class, set before the first request.</summary>
    public Dictionary<string, string?> Settings { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(Root);
        builder.UseEnvironment("Testing");
        if (OnPostgres)
        {
            builder.UseSetting("Portal:Database:Provider", "postgres");
            _postgres = Hosting.PostgresCluster.Instance.DatabaseFor(Root);
            builder.UseSetting("ConnectionStrings:Portal", _postgres);
            // Without a database file the data folder is not implied: it is the test's folder, as on SQLite.
            builder.UseSetting("Portal:DataPath", Root);
        }
        else
        {
            builder.UseSetting("ConnectionStrings:Portal", $"Data Source={Path.Combine(Root, "portal.db")}");
        }

        builder.UseSetting("Portal:ModelsPath", Path.Combine(Root, "models"));
        builder.UseSetting("Portal:Demo:Enabled", "false");
        builder.UseSetting("Portal:Bootstrap:AdminPassword", AdminPassword);
        builder.UseSetting("Portal:Jwt:SigningKey", JwtKey);
        // Every test client signs in from the same (absent) address: the sign-in limit would otherwise answer 429.
        builder.UseSetting("Portal:RateLimits:SignIn:PermitLimit", "1000000");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        if (Clock is not null) builder.ConfigureTestServices(services => services.AddSingleton(Clock));
        if (TestServices is not null) builder.ConfigureTestServices(TestServices);
    }

    public async Task<string> CreateUserAsync(string role)
    {
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var name = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}"[..20];
        var user = new PortalUser { UserName = name };
        var created = await users.CreateAsync(user, UserPassword);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, role);
        return name;
    }

    public async Task<string> TokenAsync(string user, string password)
    {
        using var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/token", new { username = user, password });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("access_token").GetString()!;
    }

    /// <summary>A client authenticated as a new user of <paramref name="role"/> (the bootstrap admin for Admin, unless a fresh admin is asked for).</summary>
    public async Task<HttpClient> ClientForAsync(string role, bool freshAdmin = false)
    {
        var token = role == Roles.Admin && !freshAdmin ? await TokenAsync("admin", AdminPassword) : await TokenAsync(await CreateUserAsync(role), UserPassword);
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Waits for a run to end through the service's event, not by polling with sleeps.</summary>
    public async Task<TrainingRun> WaitForRunAsync(Guid runId)
    {
        var training = Services.GetRequiredService<TrainingService>();
        var done = new TaskCompletionSource<TrainingRun>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnFinished(TrainingRun run)
        {
            if (run.RunId == runId) done.TrySetResult(run);
        }

        training.RunFinished += OnFinished;
        try
        {
            var current = await training.GetRunAsync(runId);
            if (current is { IsFinished: true }) return current;
            return await done.Task.WaitAsync(TimeSpan.FromMinutes(3));
        }
        finally
        {
            training.RunFinished -= OnFinished;
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        // The app is stopped: its idle pooled connections would otherwise hold server slots for minutes.
        if (_postgres is not null) Npgsql.NpgsqlConnection.ClearPool(new Npgsql.NpgsqlConnection(_postgres));
        if (!DeleteRootOnDispose) return;
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the temp folder is cleaned by the OS.
        }
    }
}
