using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using Portal.Core.Auth;

namespace Portal.Tests.Api.Errors;

/// <summary>Malformed JSON bodies and query values get a ProblemDetails naming the field, not a bare 400 logged as Error.</summary>
public sealed class BadRequestApiTests : IClassFixture<PortalFactory>
{
    private readonly CapturedLogs _logs = new();
    private readonly WebApplicationFactory<Program> _app;
    private readonly PortalFactory _factory;

    public BadRequestApiTests(PortalFactory factory)
    {
        _factory = factory;
        _app = factory.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(_logs)));
    }

    public static TheoryData<string, string, string, string, string> Cases => new()
    {
        // method, url, body, field, words the problem must say
        { "POST", "/api/auth/token", """{"username":1,"password":"x"}""", "username", "must be a string" },
        { "POST", "/api/keys", """{"name":"k","role":5}""", "role", "must be a string" },
        { "POST", "/api/users", """{"userName":""", "body", "not valid JSON" },
        { "POST", "/api/models/m/train", """{"datasetId":"1","label":"y"}""", "datasetId", "must be a number" },
        { "PUT", "/api/models/m/versions/1/card", "null", "body", "required" },
        { "POST", "/api/models/m/versions/1/promote", "[]", "body", "must be a JSON object" },
        { "POST", "/api/models/m/versions/1/approve", """{"reason":""" + new string('[', 100) + new string(']', 100) + "}", "body", "nested too deeply" },
        { "POST", "/api/models/m/rollback", """{"reason":true}""", "reason", "must be a string" },
        { "PUT", "/api/models/m/gates", """{"minAuc":"high"}""", "minAuc", "must be a number" },
        { "POST", "/api/models/m/drift/run?version=abc", "", "version", "must be a number" },
        { "GET", "/api/audit?from=abc", "", "from", "ISO 8601" },
        { "GET", "/api/models/m/performance?from=abc", "", "from", "ISO 8601" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_malformed_request_is_a_problem_naming_the_field(string method, string url, string body, string field, string words)
    {
        var token = await _factory.TokenAsync("admin", PortalFactory.AdminPassword);
        using var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method != "GET") request.Content = new StringContent(body, Encoding.UTF8, "application/json");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.JsonAsync();
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        var messages = problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(m => m.GetString()).ToList();
        Assert.True(messages.Any(m => m!.Contains(words, StringComparison.Ordinal)), string.Join(" | ", messages));
        Assert.DoesNotContain("   at ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Error);
    }
}
