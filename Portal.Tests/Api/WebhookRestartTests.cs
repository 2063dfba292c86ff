using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Auth;
using Portal.Core.Webhooks;
using Portal.Tests.Hosting;

namespace Portal.Tests.Api;

public sealed class WebhookRestartTests
{
    [Fact]
    public async Task Restart_PendingDelivery_IsDeliveredAfterwardsWithTheStoredSecret()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Statuses.Enqueue(500);
        var root = Path.Combine(Path.GetTempPath(), "portal-tests", Guid.NewGuid().ToString("N"));
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        int id;
        string secret;
        using (var first = new PortalFactory { Root = root, DeleteRootOnDispose = false, Clock = clock })
        {
            first.Settings["Portal:Webhooks:AllowPrivateTargets"] = "true";
            using var admin = await first.ClientForAsync(Roles.Admin);
            var created = await (await admin.PostAsync("/api/webhooks", System.Net.Http.Json.JsonContent.Create(new { url = receiver.Url }))).JsonAsync();
            (id, secret) = (created.GetProperty("id").GetInt32(), created.GetProperty("secret").GetString()!);
            await admin.PostAsync($"/api/webhooks/{id}/test", null);
            await Eventually.TrueAsync(async () => (await (await admin.GetAsync($"/api/webhooks/{id}/deliveries")).JsonAsync())[0].GetProperty("attempts").GetArrayLength() == 1,
                TimeSpan.FromSeconds(30), "the first attempt");
        }

        // Stopped with the retry pending; started again once its backoff has passed.
        clock.Advance(TimeSpan.FromSeconds(10));
        using var second = new PortalFactory { Root = root, Clock = clock };
        second.Settings["Portal:Webhooks:AllowPrivateTargets"] = "true";
        using var again = await second.ClientForAsync(Roles.Admin);
        await second.Services.GetRequiredService<WebhookDispatcher>().DeliverDueAsync();

        await Eventually.TrueAsync(async () => (await (await again.GetAsync($"/api/webhooks/{id}/deliveries")).JsonAsync())[0].GetProperty("status").GetString() == "succeeded",
            TimeSpan.FromSeconds(30), "the delivery after the restart");
        Assert.Equal(2, receiver.Received.Count);
        var retry = receiver.Received.Last();
        var body = retry.Body;
        Assert.True(WebhookSigner.Verify(secret, long.Parse(retry.Headers["X-Portal-Timestamp"]), body, retry.Headers["X-Portal-Signature"]));
    }
}
