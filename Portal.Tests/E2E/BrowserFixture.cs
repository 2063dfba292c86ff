using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Portal.Tests.Hosting;

namespace Portal.Tests.E2E;

/// <summary>
/// One running portal and one headless Debian Chromium, shared by the E2E tests. The portal runs with the default
/// settings; a fixture that needs others (e.g. a faster decision loop) derives from this one and passes
/// <see cref="PortalProcessOptions"/> to the protected constructor.
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly PortalProcessOptions _options;
    private IPlaywright? _playwright;

    public BrowserFixture()
        : this(new PortalProcessOptions())
    {
    }

    /// <param name="options">How the portal is started (its settings, passed as environment variables).</param>
    protected BrowserFixture(PortalProcessOptions options) => _options = options;

    public PortalProcess Portal { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots go: TestResults/e2e under the repository (ignored by git).</summary>
    public static string ArtifactsDir { get; } = Directory.CreateDirectory(Path.Combine(TestPaths.RepoRoot, "TestResults", "e2e")).FullName;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"E2E tests need Debian's Chromium at {ChromiumPath}: install it with `sudo apt-get install -y chromium` (./test.sh does this for you).");
        // Waits, not speed checks: a loaded 2-core machine may need more than Playwright's 5 s default to render a chart.
        Assertions.SetDefaultExpectTimeout(30_000);
        Portal = await PortalProcess.StartAsync(_options);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>
    /// Content-Security-Policy violations and console errors seen by pages of this fixture (every page records them from
    /// before its first script runs): a page that works only because nothing checked its policy shows up here.
    /// </summary>
    public List<string> SecurityViolations { get; } = [];

    /// <summary>A new page (own context, so own cookies) that records CSP violations and console errors.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Portal.BaseUrl, ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        await context.ExposeFunctionAsync("__portalCspViolation", (string what) =>
        {
            lock (SecurityViolations) SecurityViolations.Add(what);
        });
        await context.AddInitScriptAsync("""
            document.addEventListener('securitypolicyviolation', e =>
              window.__portalCspViolation(`CSP ${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} on ${location.pathname} (${e.sourceFile}:${e.lineNumber})`));
            """);
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type == "error") lock (SecurityViolations) SecurityViolations.Add($"console error on {page.Url}: {message.Text}");
        };
        page.SetDefaultTimeout(30_000);
        // Navigations wait for the load event, which a loaded CI machine has delayed past 30 s.
        page.SetDefaultNavigationTimeout(90_000);
        return page;
    }

    public async Task<IPage> SignedInPageAsync(string user = "admin", string password = PortalProcess.AdminPassword)
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/", new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/login"), new() { Timeout = 60_000 });
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#sign-in");
        // Waits for the address to leave the login page, not for a load event: on a loaded CI machine the dashboard's load
        // event once took over 30 s, and once Playwright never saw it at all although the network had gone idle.
        await Assertions.Expect(page).Not.ToHaveURLAsync(new Regex("/account/login"), new() { Timeout = 120_000 });
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (Portal is not null) await Portal.DisposeAsync();
    }
}
