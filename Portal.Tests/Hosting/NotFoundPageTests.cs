using System.Net;

namespace Portal.Tests.Hosting;

/// <summary>
/// Unknown page addresses answer 404 with the portal's own not-found page (in its layout); the API keeps its
/// ProblemDetails 404; a model that does not exist gets the model page's "does not exist" state.
/// </summary>
public sealed class NotFoundPageTests(KestrelFixture fixture) : IClassFixture<KestrelFixture>
{
    [Theory]
    [InlineData("/no-such-page")]
    [InlineData("/datasets/12/whatever/else")]
    public async Task UnknownPage_SignedIn_Answers404WithThePortalsPage(string path)
    {
        using var http = await BrowserLogin.SignInAsync(fixture.Portal);

        var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"not-found\"", html);
        Assert.Contains("Nothing at this address", html);
        Assert.Contains("data-testid=\"current-user\"", html); // the portal's layout, with the signed-in user
    }

    [Fact]
    public async Task UnknownApiPath_Answers404ProblemDetails()
    {
        using var http = fixture.Portal.CreateClient();

        var response = await http.GetAsync("/api/no-such-endpoint");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("Nothing at this address", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UnknownModel_SignedIn_AnswersTheNoSuchModelPage()
    {
        using var http = await BrowserLogin.SignInAsync(fixture.Portal);

        var response = await http.GetAsync("/models/does-not-exist");

        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"model-missing\"", html);
        Assert.Contains("Model &#x27;does-not-exist&#x27; does not exist", html);
    }

    [Fact]
    public async Task UnknownModelTab_SignedIn_Answers404WithThePortalsPage()
    {
        using var http = await BrowserLogin.SignInAsync(fixture.Portal);

        var response = await http.GetAsync("/models/does-not-exist/no-such-tab");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("data-testid=\"not-found\"", await response.Content.ReadAsStringAsync());
    }
}
