using System.Net.Http.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.E2E;

/// <summary>
/// The published app's pages run in Chromium under their Content-Security-Policy with no violation and no console
/// error: the dashboard, a model page with its Plotly charts (interactive circuit over the websocket), and the API
/// reference. A Viewer who opens an admin page lands on the Denied page.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class SecurityPolicyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Pages_UnderTheirCsp_RunWithoutViolations()
    {
        var page = await browser.SignedInPageAsync();
        await Expect(page.GetByText("credit-risk").First).ToBeVisibleAsync();

        await page.GotoAsync("/models/credit-risk");
        // Enabled buttons: the circuit is interactive, so blazor.web.js ran and the websocket is connected.
        await Expect(page.GetByTestId("train-button")).ToBeEnabledAsync();
        await Expect(page.GetByTestId("roc-chart").Locator("svg.main-svg").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("confusion-chart").Locator("svg.main-svg").First).ToBeVisibleAsync();

        await page.GotoAsync("/scalar/");
        await Expect(page.GetByText("/api/auth/token").First).ToBeAttachedAsync();

        lock (browser.SecurityViolations)
        {
            var violations = browser.SecurityViolations.Where(v => !IsScalarJitProbe(v)).ToList();
            Assert.True(violations.Count == 0, string.Join("\n", violations));
        }
    }

    /// <summary>
    /// Scalar bundles Zod, which probes once whether it may compile validators with <c>try { Function('') } catch</c> and,
    /// refused, validates without them: the browser reports the refused probe, the page works (checked above).
    /// </summary>
    private static bool IsScalarJitProbe(string violation) =>
        violation.StartsWith("CSP script-src blocked eval on /scalar/ (", StringComparison.Ordinal) && violation.Contains("/scalar/scalar.js:", StringComparison.Ordinal);

    [Fact]
    public async Task Viewer_OnAnAdminPage_LandsOnTheDeniedPage()
    {
        using var admin = await browser.Portal.CreateAdminClientAsync();
        var created = await admin.PostAsJsonAsync("/api/users", new { userName = "csp-viewer", password = "Viewer-pass-1", role = "Viewer" });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());

        var page = await browser.SignedInPageAsync("csp-viewer", "Viewer-pass-1");
        var response = await page.GotoAsync("/admin/users");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/denied"), new() { Timeout = 60_000 });
        Assert.Equal(200, response!.Status);
        await Expect(page.GetByTestId("access-denied")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("access-denied")).ToContainTextAsync("/admin/users");
    }
}
