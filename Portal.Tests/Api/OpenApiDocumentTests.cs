using System.Text.Json;
using System.Text.RegularExpressions;

namespace Portal.Tests.Api;

/// <summary>
/// The served /openapi/v1.json as a client generator sees it: redocly's recommended rules pass with no warning, every
/// operation is described (summary, tag, credentials, refusals, typed answers), and the TypeScript types generated from
/// it are the checked-in tools/openapi/portal-api.d.ts, which a small typed client (usage.ts) compiles against.
/// Document-wide, so endpoints added later are held to the same rules.
/// </summary>
public sealed class OpenApiDocumentTests(PortalFactory factory) : IClassFixture<PortalFactory>, IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("portal-openapi-");

    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    /// <summary>Load-balancer probes answer 200 or 503 and refuse nothing, so they have no 4xx (redocly.yaml turns that rule off for them).</summary>
    private static readonly HashSet<string> WithoutClientErrors = ["GET /health", "GET /health/live", "GET /health/ready"];

    [Fact]
    public async Task Document_RedoclyRecommended_NoErrorsNoWarnings()
    {
        var file = await WriteDocumentAsync();
        var lint = await OpenApiNode.NpxAsync("redocly", "lint", "--format=stylish", "--max-problems=1000", file);
        // Errors fail the exit code; a warning only prints its line (not to be confused with Node's own deprecation banner).
        var problems = Regex.Matches(lint.Output, @"^\s*\d+:\d+\s+(error|warning)\s", RegexOptions.Multiline);
        Assert.True(lint.ExitCode == 0 && problems.Count == 0 && lint.Output.Contains("Your API description is valid", StringComparison.Ordinal),
            $"redocly lint (tools/openapi/redocly.yaml) reports problems in /openapi/v1.json:\n{lint.Output}");
    }

    [Fact]
    public async Task Document_EveryOperation_HasIdSummaryTagCredentialsAndRefusals()
    {
        var problems = new List<string>();
        foreach (var (key, operation) in Operations(await GetDocumentAsync()))
        {
            if (!operation.TryGetProperty("operationId", out _)) problems.Add($"{key}: no operationId (.WithName)");
            if (!operation.TryGetProperty("summary", out var summary) || string.IsNullOrWhiteSpace(summary.GetString())) problems.Add($"{key}: no summary (.WithSummary)");
            if (!operation.TryGetProperty("tags", out var tags) || tags.GetArrayLength() == 0) problems.Add($"{key}: no tag (.WithTags)");
            if (!operation.TryGetProperty("security", out var security)) problems.Add($"{key}: no security requirement");
            else if (security.GetArrayLength() is not (0 or 2)) problems.Add($"{key}: security should be [] or Bearer and ApiKey");
            var codes = operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToList();
            if (!WithoutClientErrors.Contains(key) && !codes.Any(c => c.StartsWith('4'))) problems.Add($"{key}: no 4xx response");
            if (security.ValueKind == JsonValueKind.Array && security.GetArrayLength() > 0 && !codes.Contains("401")) problems.Add($"{key}: credentials required but no 401");
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public async Task Document_AnonymousOperations_AreOnlySignInAndHealthProbes()
    {
        var anonymous = Operations(await GetDocumentAsync())
            .Where(o => o.Operation.GetProperty("security").GetArrayLength() == 0).Select(o => o.Key).Order().ToList();
        Assert.Equal(["GET /health", "GET /health/live", "GET /health/ready", "POST /api/auth/token"], anonymous);
    }

    [Fact]
    public async Task Document_EveryAnswerAndBody_HasASchema()
    {
        var problems = new List<string>();
        foreach (var (key, operation) in Operations(await GetDocumentAsync()))
        {
            foreach (var response in operation.GetProperty("responses").EnumerateObject().Where(r => r.Name.StartsWith('2') && r.Name != "204"))
            {
                if (!response.Value.TryGetProperty("content", out var content) || !content.EnumerateObject().Any())
                    problems.Add($"{key} {response.Name}: no media type (streams declare theirs, e.g. .Produces<Stream>(200, \"text/csv\"))");
                else
                    problems.AddRange(content.EnumerateObject().Where(m => !HasSchema(m.Value)).Select(m => $"{key} {response.Name} {m.Name}: no schema"));
            }
            if (operation.TryGetProperty("requestBody", out var body))
                problems.AddRange(body.GetProperty("content").EnumerateObject().Where(m => !HasSchema(m.Value)).Select(m => $"{key} body {m.Name}: no schema"));
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public async Task Document_Streams_DeclareTheirMediaTypes()
    {
        var paths = (await GetDocumentAsync()).GetProperty("paths");
        string[] MediaTypes(string path, string method) =>
            [.. paths.GetProperty(path).GetProperty(method).GetProperty("responses").GetProperty("200").GetProperty("content").EnumerateObject().Select(m => m.Name)];
        Assert.Equal(["text/csv"], MediaTypes("/ops/export/outcomes.csv", "get"));
        Assert.Equal(["text/csv"], MediaTypes("/api/models/{name}/predictions.csv", "get"));
        Assert.Equal(["application/gzip"], MediaTypes("/api/admin/backup", "post"));
        Assert.Equal(["application/json", "text/markdown"], MediaTypes("/api/models/{name}/versions/{version}/card", "get"));
        Assert.Equal(["text/html"], MediaTypes("/api/models/{name}/drift/report", "get"));
    }

    [Fact]
    public async Task GeneratedClient_FreshGeneration_EqualsCheckedInTypes()
    {
        var file = await WriteDocumentAsync();
        var fresh = Path.Combine(Path.GetDirectoryName(file)!, "portal-api.d.ts");
        var generate = await OpenApiNode.NpxAsync("openapi-typescript", file, "--empty-objects-unknown", "-o", fresh);
        Assert.True(generate.ExitCode == 0, $"openapi-typescript failed:\n{generate.Output}");
        var checkedIn = Path.Combine(OpenApiNode.ToolsDir, "portal-api.d.ts");
        var expected = File.Exists(checkedIn) ? await File.ReadAllTextAsync(checkedIn) : "";
        var actual = await File.ReadAllTextAsync(fresh);
        if (expected.ReplaceLineEndings() == actual.ReplaceLineEndings()) return;
        // The fresh types are kept where the message says, so the reviewer of a contract change copies them in.
        var kept = Path.Combine(TestPaths.RepoRoot, "artifacts", "openapi", "portal-api.d.ts");
        Directory.CreateDirectory(Path.GetDirectoryName(kept)!);
        File.Copy(fresh, kept, overwrite: true);
        Assert.Fail($"tools/openapi/portal-api.d.ts is not what /openapi/v1.json generates: the API contract changed. Review the change and run `cp {kept} {checkedIn}`.");
    }

    [Fact]
    public async Task GeneratedClient_TypedUsage_Compiles()
    {
        var compile = await OpenApiNode.NpxAsync("tsc", "--noEmit", "-p", ".");
        Assert.True(compile.ExitCode == 0, $"tools/openapi/usage.ts does not compile against portal-api.d.ts:\n{compile.Output}");
    }

    private static bool HasSchema(JsonElement mediaType) =>
        mediaType.TryGetProperty("schema", out var schema) && schema.ValueKind == JsonValueKind.Object && schema.EnumerateObject().Any();

    private static IEnumerable<(string Key, JsonElement Operation)> Operations(JsonElement document) =>
        from path in document.GetProperty("paths").EnumerateObject()
        from method in path.Value.EnumerateObject()
        where Methods.Contains(method.Name)
        select ($"{method.Name.ToUpperInvariant()} {path.Name}", method.Value);

    private async Task<JsonElement> GetDocumentAsync()
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync("/openapi/v1.json");
        response.EnsureSuccessStatusCode();
        return await response.JsonAsync();
    }

    public void Dispose() => _folder.Delete(recursive: true);

    /// <summary>The document exactly as served, in this test's own folder.</summary>
    private async Task<string> WriteDocumentAsync()
    {
        using var client = factory.CreateClient();
        var text = await client.GetStringAsync("/openapi/v1.json");
        var file = Path.Combine(_folder.FullName, "v1.json");
        await File.WriteAllTextAsync(file, text);
        return file;
    }
}
