using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Core.Auth;
using Portal.Core.Webhooks;
using Portal.Web.Components.Layout;
using Portal.Web.Components.Pages.Admin;

namespace Portal.Tests.Components;

public sealed class WebhooksPageTests : PortalComponentContext
{
    // A public address written as a literal: registration checks it without asking DNS.
    private const string PublicUrl = "https://93.184.215.14/portal-hook";

    private WebhookService Webhooks => Services.GetRequiredService<WebhookService>();

    [Fact]
    public void Render_NoWebhooks_ShowsEmptyState()
    {
        SignIn(Roles.Admin);

        var cut = Render<WebhooksPage>();

        cut.WaitForElement("[data-testid=webhooks-empty]");
    }

    [Fact]
    public async Task Register_PublicUrl_ShowsTheSecretOnceAndListsTheWebhook()
    {
        SignIn(Roles.Admin, "admin");
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<WebhooksPage>();
        cut.WaitForElement("[data-testid=webhooks-empty]");

        await cut.Find("input[data-testid=webhook-url]").InputAsync(new ChangeEventArgs { Value = PublicUrl });
        await cut.Find("[data-testid=webhook-create]").ClickAsync(new MouseEventArgs());

        var secret = dialogs.WaitForElement("input[data-testid=created-secret]").GetAttribute("value");
        Assert.StartsWith(WebhookService.SecretPrefix, secret);
        var table = cut.WaitForElement("[data-testid=webhooks-table]").TextContent;
        Assert.Contains(PublicUrl, table);
        Assert.Contains("all events", table);
        Assert.DoesNotContain(secret!, table);
        var stored = Assert.Single(await Webhooks.ListAsync());
        Assert.Equal("admin", stored.CreatedBy);
    }

    [Fact]
    public async Task Register_LoopbackUrl_SaysWhyAndStoresNothing()
    {
        SignIn(Roles.Admin);
        var cut = Render<WebhooksPage>();
        cut.WaitForElement("[data-testid=webhooks-empty]");

        await cut.Find("input[data-testid=webhook-url]").InputAsync(new ChangeEventArgs { Value = "http://127.0.0.1:8080/hook" });
        await cut.Find("[data-testid=webhook-create]").ClickAsync(new MouseEventArgs());

        cut.WaitForAssertion(() => Assert.Contains("private address", cut.Markup));
        Assert.Empty(await Webhooks.ListAsync());
    }

    [Fact]
    public async Task Switch_Off_DisablesTheWebhook()
    {
        SignIn(Roles.Admin);
        var created = await Webhooks.CreateAsync(PublicUrl, null, null, "admin");
        var cut = Render<WebhooksPage>();

        cut.WaitForElement("[data-testid=webhooks-table]");
        var toggle = cut.FindComponents<MudSwitch<bool>>().Single(s => Equals(s.Instance.UserAttributes.GetValueOrDefault("data-testid"), $"webhook-enabled-{created.Webhook.Id}"));

        await cut.InvokeAsync(() => toggle.Instance.ValueChanged.InvokeAsync(false));

        cut.WaitForAssertion(() => Assert.False(Webhooks.GetAsync(created.Webhook.Id).GetAwaiter().GetResult()!.Enabled));
    }

    [Fact]
    public async Task Deliveries_FailedThenSucceeded_ShowsBothAttemptsAndTheStatus()
    {
        SignIn(Roles.Admin);
        var created = await Webhooks.CreateAsync(PublicUrl, [WebhookEventTypes.VersionPromoted], null, "admin");
        var store = Services.GetRequiredService<IWebhookStore>();
        var at = DateTimeOffset.UtcNow;
        var delivery = new WebhookDelivery(Guid.CreateVersion7(), created.Webhook.Id, WebhookEventTypes.VersionPromoted, "credit-risk", "{}", at,
            WebhookDeliveryStatuses.Pending, at, []);
        await store.AddDeliveriesAsync([delivery]);
        await store.RecordAttemptAsync(delivery.Id, new WebhookAttempt(at, 500, null, 12), WebhookDeliveryStatuses.Pending, at.AddSeconds(10));
        await store.RecordAttemptAsync(delivery.Id, new WebhookAttempt(at.AddSeconds(10), 200, null, 8), WebhookDeliveryStatuses.Succeeded, null);
        var cut = Render<WebhooksPage>();

        await cut.WaitForElement($"[data-testid=webhook-deliveries-{created.Webhook.Id}]").ClickAsync(new MouseEventArgs());

        var attempts = cut.WaitForElement($"[data-testid=delivery-attempts-{delivery.Id}]").TextContent;
        Assert.Contains("HTTP 500", attempts);
        Assert.Contains("HTTP 200", attempts);
        Assert.Equal("succeeded", cut.Find($"[data-testid=delivery-status-{delivery.Id}]").TextContent.Trim());
        Assert.Contains("credit-risk", cut.Find("[data-testid=deliveries-table]").TextContent);
    }

    [Fact]
    public void NavMenu_Admin_LinksToWebhooks()
    {
        SignIn(Roles.Admin);

        var cut = Render<NavMenu>();

        Assert.EndsWith("admin/webhooks", cut.Find("[data-testid=nav-webhooks]").GetAttribute("href"));
    }
}
