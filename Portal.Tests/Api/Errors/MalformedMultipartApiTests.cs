using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace Portal.Tests.Api.Errors;

/// <summary>A multipart body cut short or sent without a boundary is a 400 naming the problem on every upload, not a 500.</summary>
public sealed class MalformedMultipartApiTests : IClassFixture<PortalFactory>
{
    private readonly CapturedLogs _logs = new();
    private readonly WebApplicationFactory<Program> _app;
    private readonly PortalFactory _factory;

    public MalformedMultipartApiTests(PortalFactory factory)
    {
        _factory = factory;
        _app = factory.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(_logs)));
    }

    /// <summary>One file part whose closing boundary ("--b--") never comes.</summary>
    public static byte[] CutShort => Encoding.ASCII.GetBytes(
        "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\nContent-Type: text/csv\r\n\r\nx,y\n1,2\n");

    /// <summary>A whole form: valid but for a Content-Type that names no boundary.</summary>
    public static byte[] Whole => Encoding.ASCII.GetBytes(
        "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\nContent-Type: text/csv\r\n\r\nx,y\n1,2\n\r\n--b--\r\n");

    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var url in new[] { "/api/datasets", "/api/labels", "/api/models/m/versions" })
        {
            data.Add(url, "multipart/form-data; boundary=b", "cut short");
            data.Add(url, "multipart/form-data", "without a boundary");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_broken_multipart_body_is_a_problem_naming_it(string url, string contentType, string words)
    {
        var token = await _factory.TokenAsync("admin", PortalFactory.AdminPassword);
        using var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var content = new ByteArrayContent(words == "cut short" ? CutShort : Whole);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var response = await client.PostAsync(url, content);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var messages = (await response.JsonAsync()).GetProperty("errors").GetProperty("body").EnumerateArray().Select(m => m.GetString()).ToList();
        Assert.True(messages.Any(m => m!.Contains(words, StringComparison.Ordinal)), string.Join(" | ", messages));
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Error);
    }
}
