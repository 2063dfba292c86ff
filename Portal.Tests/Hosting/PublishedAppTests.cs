using System.Net;
using System.Text.Json;

namespace Portal.Tests.Hosting;

/// <summary>
/// The published app (artifacts/publish) in Production, started from another working directory, as users deploy it:
/// it serves the Blazor script, renders the login page and never shows a developer exception page.
/// </summary>
public sealed class PublishedAppTests(KestrelFixture fixture) : IClassFixture<KestrelFixture>
{
    [Fact]
    public async Task BlazorScript_PublishedInProduction_Returns200WithJavaScript()
    {
        using var http = fixture.Portal.CreateClient();
        var response = await http.GetAsync("/_framework/blazor.web.js");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 10_000);
    }

    [Theory]
    [InlineData("/_content/MudBlazor/MudBlazor.min.css")]
    [InlineData("/app.css")]
    public async Task StaticAssets_PublishedInProduction_Return200(string path)
    {
        using var http = fixture.Portal.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task Favicon_PublishedInProduction_ServedAsSvgAndLinkedByThePages()
    {
        using var http = fixture.Portal.CreateClient();
        var icon = await http.GetAsync("/favicon.svg");
        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.Equal("image/svg+xml", icon.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("<svg", (await icon.Content.ReadAsStringAsync()).TrimStart());

        var login = await (await http.GetAsync("/account/login")).Content.ReadAsStringAsync();
        Assert.Contains("<link rel=\"icon\" type=\"image/svg+xml\" href=\"favicon.svg\"", login);
    }

    [Fact]
    public async Task LoginPage_PublishedInProduction_Renders()
    {
        using var http = fixture.Portal.CreateClient();
        var response = await http.GetAsync("/account/login");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("id=\"sign-in\"", html);
        Assert.Contains("_framework/blazor.web.js", html);
        Assert.Contains("Hosting environment: Production", fixture.Portal.Log);
    }

    [Fact]
    public async Task Error_PublishedInProduction_AnswersAProblemWithoutStackTrace()
    {
        using var http = fixture.Portal.CreateClient();
        var response = await http.PostAsync("/api/auth/token", new StringContent("{\"username\":", System.Text.Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("<html", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", body);
        Assert.DoesNotContain("Exception", body);
    }

    [Fact]
    public void PublishFolder_HoldsSettingsSamplesAndModels()
    {
        var settings = File.ReadAllText(Path.Combine(PortalProcess.PublishDir, "appsettings.json"));
        Assert.Contains("\"Portal\"", settings); // the top-level file users edit, not the project's
        Assert.True(File.Exists(Path.Combine(PortalProcess.PublishDir, "samples", "credit_data.csv")));
        Assert.True(Directory.Exists(Path.Combine(PortalProcess.PublishDir, "models")));
        Assert.True(File.Exists(Path.Combine(PortalProcess.PublishDir, "wwwroot", "_framework", "blazor.web.js")));
    }
}

/// <summary>The build output (not published) in Production also serves the framework's and packages' static files.</summary>
public sealed class BuildOutputInProductionTests(BuildOutputInProductionTests.Fixture fixture) : IClassFixture<BuildOutputInProductionTests.Fixture>
{
    public sealed class Fixture : KestrelFixture
    {
        protected override PortalProcessOptions Options => new() { Demo = false, Published = false };
    }

    [Theory]
    [InlineData("/_framework/blazor.web.js")]
    [InlineData("/_content/MudBlazor/MudBlazor.min.css")]
    public async Task StaticAssets_BuildOutputInProduction_Return200(string path)
    {
        using var http = fixture.Portal.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(path)).StatusCode);
    }
}
