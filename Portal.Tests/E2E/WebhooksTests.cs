using System.Security.Cryptography;
using System.Text;
using Microsoft.Playwright;
using Portal.Tests.Api;
using Portal.Tests.Hosting;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.E2E;

/// <summary>The portal without the demo model, whose webhooks may post to 127.0.0.1 (the test's receiver).</summary>
public sealed class WebhooksBrowserFixture() : BrowserFixture(new PortalProcessOptions
{
    Demo = false,
    Settings = new() { ["Portal:Webhooks:AllowPrivateTargets"] = "true" },
});

/// <summary>
/// An admin registers a webhook on the Webhooks page, copies the secret the dialog shows once, sends a test ping, and
/// sees the delivery succeed; the receiver checks the signature with that secret. Screenshots 1280 and 390 wide, light and dark.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class WebhooksTests(WebhooksBrowserFixture fixture) : IClassFixture<WebhooksBrowserFixture>
{
    [Fact]
    public async Task AdminRegistersAndTestsWebhook_DeliverySucceedsSignedWithTheShownSecret()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Statuses.Enqueue(500); // the first attempt fails, so the page shows a retry waiting
        var page = await fixture.SignedInPageAsync();

        await page.GotoAsync("/admin/webhooks");
        await Expect(page.GetByTestId("webhook-create")).ToBeEnabledAsync(new() { Timeout = 60_000 });
        await Expect(page.GetByTestId("webhooks-empty")).ToBeVisibleAsync();
        await ShotsAsync(page, "empty");

        await page.Locator("input[data-testid=webhook-url]").FillAsync(receiver.Url);
        await page.Locator("input[data-testid=webhook-description]").FillAsync("Release bot");
        await page.GetByTestId("webhook-create").ClickAsync();
        var secret = await page.Locator("input[data-testid=created-secret]").InputValueAsync();
        Assert.StartsWith("whsec_", secret);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDir, "webhooks-created-light-1280.png") });
        await page.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
        await Expect(page.GetByTestId("webhooks-table")).ToContainTextAsync(receiver.Url);

        await page.Locator("[data-testid^=webhook-test-]").First.ClickAsync();
        await Expect(page.GetByTestId("deliveries-panel")).ToBeVisibleAsync();
        await Eventually.TrueAsync(async () =>
        {
            await page.GetByTestId("deliveries-refresh").ClickAsync();
            return await page.Locator("[data-testid^=delivery-attempts-]").First.TextContentAsync() is { } text && text.Contains("HTTP 500");
        }, TimeSpan.FromSeconds(60), "the first attempt on the page");
        await Expect(page.Locator("[data-testid^=delivery-status-]").First).ToHaveTextAsync("pending");

        var received = Assert.Single(receiver.Received);
        Assert.Equal("ping", received.Headers["X-Portal-Event"]);
        var timestamp = received.Headers["X-Portal-Timestamp"];
        var signed = Encoding.UTF8.GetBytes(timestamp + ".").Concat(received.Body).ToArray();
        Assert.Equal($"t={timestamp},v1={Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed))}", received.Headers["X-Portal-Signature"]);
        Assert.Empty(fixture.SecurityViolations);
        await ShotsAsync(page, "deliveries");
    }

    private async Task ShotsAsync(IPage page, string name)
    {
        foreach (var theme in new[] { "light", "dark" })
        {
            await page.Context.AddCookiesAsync([new Cookie { Name = "portal-theme", Value = theme, Url = fixture.Portal.BaseUrl }]);
            foreach (var (width, height) in new[] { (1280, 900), (390, 844) })
            {
                await page.SetViewportSizeAsync(width, height);
                await page.GotoAsync("/admin/webhooks");
                await Expect(page.GetByTestId("webhook-create")).ToBeEnabledAsync(new() { Timeout = 60_000 });
                if (name == "deliveries")
                {
                    await page.Locator("[data-testid^=webhook-deliveries-]").First.ClickAsync();
                    await Expect(page.GetByTestId("deliveries-table")).ToBeVisibleAsync();
                }

                var pageWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
                Assert.True(pageWidth <= width, $"the webhooks page is {pageWidth} px wide at {width} px ({theme})");
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDir, $"webhooks-{name}-{theme}-{width}.png"), FullPage = true });
            }
        }

        await page.Context.AddCookiesAsync([new Cookie { Name = "portal-theme", Value = "light", Url = fixture.Portal.BaseUrl }]);
        await page.SetViewportSizeAsync(1280, 900);
        await page.GotoAsync("/admin/webhooks");
        await Expect(page.GetByTestId("webhook-create")).ToBeEnabledAsync(new() { Timeout = 60_000 });
    }
}
