using System.Net;
using System.Net.Http.Json;
using Portal.Cli;
using Portal.Tests.Api;

namespace Portal.Tests.Cli;

/// <summary>
/// A portal (the API tests' factory: real SQLite, real auth) with breast_cancer.csv uploaded, 'cancer' v1 champion and
/// v2 registered, and an Admin API key; `portal` runs in-process against it through the test server's handler.
/// Tests that change a model train their own, so the order of the tests does not matter.
/// </summary>
public sealed class CliFixture : IAsyncLifetime
{
    public const string Model = "cancer";

    public LifecycleFixture Portal { get; } = new();
    public PortalFactory Factory => Portal.Factory;
    public string AdminKey { get; private set; } = "";

    /// <summary>The CLI's config folder (saved logins), so no test reads or writes the real ~/.config.</summary>
    public string ConfigDirectory { get; } = Path.Combine(Path.GetTempPath(), "portal-cli-tests", Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync()
    {
        await Portal.InitializeAsync();
        await Portal.TrainAsync(Model);
        Assert.Equal(HttpStatusCode.OK, (await Portal.PromoteAsync(Model, 1)).StatusCode);
        await Portal.TrainAsync(Model, LifecycleFixture.Weak);
        AdminKey = await CreateKeyAsync("cli-admin", "Admin");
    }

    public async Task<string> CreateKeyAsync(string name, string role)
    {
        var response = await Portal.Admin.PostAsJsonAsync("/api/keys", new { name, role });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("key").GetString()!;
    }

    /// <summary>Runs `portal args` with the Admin key.</summary>
    public Task<CliResult> RunAsync(params string[] args) => RunWithKeyAsync(AdminKey, args);

    public Task<CliResult> RunWithKeyAsync(string? apiKey, params string[] args) =>
        RunAsync(new CliEnvironment
        {
            Url = Factory.Server.BaseAddress.ToString(),
            ApiKey = apiKey,
            Handler = Factory.Server.CreateHandler(),
            ConfigDirectory = ConfigDirectory,
            PollInterval = TimeSpan.FromMilliseconds(100),
            Out = new StringWriter(),
            Error = new StringWriter(),
        }, args);

    public static async Task<CliResult> RunAsync(CliEnvironment environment, params string[] args)
    {
        var code = await CliApp.RunAsync(args, environment);
        return new CliResult(code, environment.Out.ToString()!, environment.Error.ToString()!);
    }

    public Task DisposeAsync()
    {
        if (Directory.Exists(ConfigDirectory)) Directory.Delete(ConfigDirectory, recursive: true);
        return Portal.DisposeAsync();
    }
}
