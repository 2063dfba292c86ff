using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Portal.Tests.Api.Errors;

namespace Portal.Tests.Hosting;

/// <summary>
/// Bodies Kestrel itself refuses or reads differently from TestServer (a multipart body without its closing boundary,
/// a body over Kestrel:Limits:MaxRequestBodySize) and problems for a client that asks for HTML, on the published app in Production.
/// </summary>
public sealed class MalformedRequestsKestrelTests(MalformedRequestsKestrelTests.Fixture fixture) : IClassFixture<MalformedRequestsKestrelTests.Fixture>
{
    public const int BodyLimit = 1024;

    public sealed class Fixture : KestrelFixture
    {
        protected override PortalProcessOptions Options => new() { Demo = false, Settings = { ["Kestrel:Limits:MaxRequestBodySize"] = BodyLimit.ToString() } };
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        return JsonDocument.Parse(text).RootElement;
    }

    [Theory]
    [InlineData("/api/datasets", "multipart/form-data; boundary=b", "cut short")]
    [InlineData("/api/labels", "multipart/form-data; boundary=b", "cut short")]
    [InlineData("/api/models/m/versions", "multipart/form-data; boundary=b", "cut short")]
    [InlineData("/api/datasets", "multipart/form-data", "without a boundary")]
    public async Task A_broken_multipart_body_on_Kestrel_is_a_400_problem(string url, string contentType, string words)
    {
        using var client = await fixture.Portal.CreateAdminClientAsync();
        var content = new ByteArrayContent(words == "cut short" ? MalformedMultipartApiTests.CutShort : MalformedMultipartApiTests.Whole);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var problem = await ProblemAsync(await client.PostAsync(url, content), HttpStatusCode.BadRequest);

        var messages = problem.GetProperty("errors").GetProperty("body").EnumerateArray().Select(m => m.GetString()).ToList();
        Assert.True(messages.Any(m => m!.Contains(words, StringComparison.Ordinal)), string.Join(" | ", messages));
        Assert.DoesNotContain("fail: ", fixture.Portal.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_over_Kestrels_limit_is_a_413_problem_saying_the_limit()
    {
        using var client = await fixture.Portal.CreateAdminClientAsync();
        var body = "{\"features\":{\"x\":\"" + new string('a', 4 * BodyLimit) + "\"}}";

        var response = await client.PostAsync("/api/models/m/predict", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(413, problem.GetProperty("status").GetInt32());
        Assert.Contains($"at most {BodyLimit} bytes", problem.GetProperty("detail").GetString());
        Assert.DoesNotContain("fail: ", fixture.Portal.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_json_from_a_client_asking_for_html_is_a_400_problem_not_an_empty_500()
    {
        using var client = fixture.Portal.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/token") { Content = new StringContent("{\"username\":", Encoding.UTF8, "application/json") };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));

        var problem = await ProblemAsync(await client.SendAsync(request), HttpStatusCode.BadRequest);

        Assert.Contains("not valid JSON", problem.GetProperty("errors").GetProperty("body")[0].GetString());
    }

    [Fact]
    public async Task An_unauthenticated_api_call_asking_for_html_is_a_401_problem()
    {
        using var client = fixture.Portal.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/models");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));

        var problem = await ProblemAsync(await client.SendAsync(request), HttpStatusCode.Unauthorized);

        Assert.Contains("Authorization: Bearer", problem.GetProperty("detail").GetString());
    }
}
