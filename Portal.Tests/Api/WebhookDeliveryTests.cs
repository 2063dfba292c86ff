using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Webhooks;
using Portal.Tests.Hosting;

namespace Portal.Tests.Api;

/// <summary>Deliveries to a real local receiver: signed, retried with backoff on the test's clock, never holding up a promotion.</summary>
public sealed class WebhookDeliveryTests(WebhookFixture fx) : IClassFixture<WebhookFixture>
{
    private WebhookDispatcher Dispatcher => fx.Factory.Services.GetRequiredService<WebhookDispatcher>();

    /// <summary>The signature a receiver computes from the headers and the raw body (HMAC-SHA256 over "timestamp.body").</summary>
    private static string ExpectedSignature(string secret, ReceivedWebhook received)
    {
        var timestamp = received.Headers["X-Portal-Timestamp"];
        var signed = Encoding.UTF8.GetBytes(timestamp + ".").Concat(received.Body).ToArray();
        return $"t={timestamp},v1={Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed))}";
    }

    private static Task WaitForRequestsAsync(WebhookReceiver receiver, int count) =>
        Eventually.TrueAsync(() => Task.FromResult(receiver.Received.Count >= count), TimeSpan.FromSeconds(30), $"{count} request(s) at the receiver");

    [Fact]
    public async Task Promote_SubscribedWebhook_GetsASignedVersionPromoted()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (id, secret) = await fx.CreateWebhookAsync(receiver.Url, WebhookEventTypes.VersionPromoted);
        var v1 = await fx.TrainAsync("hook-promote");

        Assert.Equal(HttpStatusCode.OK, (await fx.PromoteAsync("hook-promote", v1)).StatusCode);

        await WaitForRequestsAsync(receiver, 1);
        var delivery = await fx.WaitForDeliveryAsync(id, d => d.GetProperty("status").GetString() == "succeeded", "the delivery to succeed");
        var received = Assert.Single(receiver.Received);
        Assert.Equal("version.promoted", received.Headers["X-Portal-Event"]);
        Assert.Equal(delivery.GetProperty("id").GetGuid().ToString(), received.Headers["X-Portal-Delivery"]);
        Assert.Equal(fx.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(), received.Headers["X-Portal-Timestamp"]);
        Assert.Equal(ExpectedSignature(secret, received), received.Headers["X-Portal-Signature"]);
        Assert.StartsWith("application/json", received.Headers["Content-Type"]);
        var body = JsonDocument.Parse(received.Body).RootElement;
        Assert.Equal("version.promoted", body.GetProperty("type").GetString());
        Assert.Equal("hook-promote", body.GetProperty("model").GetString());
        Assert.Equal(v1, body.GetProperty("data").GetProperty("version").GetInt32());
        Assert.Equal("champion", body.GetProperty("data").GetProperty("alias").GetString());
        Assert.Equal("admin", body.GetProperty("data").GetProperty("actor").GetString());
        Assert.Equal(200, delivery.GetProperty("attempts")[0].GetProperty("statusCode").GetInt32());
    }

    [Fact]
    public async Task Train_SubscribedWebhook_GetsVersionRegistered()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (id, secret) = await fx.CreateWebhookAsync(receiver.Url, WebhookEventTypes.VersionRegistered);

        var v1 = await fx.TrainAsync("hook-registered");

        await WaitForRequestsAsync(receiver, 1);
        var received = Assert.Single(receiver.Received);
        Assert.Equal(ExpectedSignature(secret, received), received.Headers["X-Portal-Signature"]);
        var body = JsonDocument.Parse(received.Body).RootElement;
        Assert.Equal("version.registered", body.GetProperty("type").GetString());
        Assert.Equal("hook-registered", body.GetProperty("model").GetString());
        Assert.Equal(v1, body.GetProperty("data").GetProperty("version").GetInt32());
        Assert.Equal("trained", body.GetProperty("data").GetProperty("source").GetString());
        await fx.Admin.DeleteAsync($"/api/webhooks/{id}");
    }

    [Fact]
    public async Task Rollback_SubscribedWebhook_GetsVersionRolledBack()
    {
        var v1 = await fx.TrainAsync("hook-rollback");
        var v2 = await fx.TrainAsync("hook-rollback");
        Assert.Equal(HttpStatusCode.OK, (await fx.PromoteAsync("hook-rollback", v1)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fx.PromoteAsync("hook-rollback", v2)).StatusCode);
        await using var receiver = await WebhookReceiver.StartAsync();
        var (id, _) = await fx.CreateWebhookAsync(receiver.Url, WebhookEventTypes.VersionRolledBack);

        var response = await fx.Admin.PostAsync("/api/models/hook-rollback/rollback", JsonContent.Create(new { reason = "bad canary" }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await WaitForRequestsAsync(receiver, 1);
        var body = JsonDocument.Parse(Assert.Single(receiver.Received).Body).RootElement;
        Assert.Equal("version.rolled_back", body.GetProperty("type").GetString());
        Assert.Equal(v1, body.GetProperty("data").GetProperty("to").GetInt32());
        Assert.Equal(v2, body.GetProperty("data").GetProperty("from").GetInt32());
        Assert.Equal("bad canary", body.GetProperty("data").GetProperty("reason").GetString());
        await fx.Admin.DeleteAsync($"/api/webhooks/{id}");
    }

    [Fact]
    public async Task Promote_GatesBlock_GetsGateBlockedWithTheFailingGates()
    {
        var v1 = await fx.TrainAsync("hook-gates");
        var gates = await fx.Admin.PutAsync("/api/models/hook-gates/gates", JsonContent.Create(new { minAuc = 0.9999 }));
        Assert.Equal(HttpStatusCode.OK, gates.StatusCode);
        await using var receiver = await WebhookReceiver.StartAsync();
        var (id, _) = await fx.CreateWebhookAsync(receiver.Url, WebhookEventTypes.GateBlocked);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await fx.PromoteAsync("hook-gates", v1)).StatusCode);

        await WaitForRequestsAsync(receiver, 1);
        var body = JsonDocument.Parse(Assert.Single(receiver.Received).Body).RootElement;
        Assert.Equal("gate.blocked", body.GetProperty("type").GetString());
        Assert.Equal(v1, body.GetProperty("data").GetProperty("version").GetInt32());
        Assert.Equal("minAuc", body.GetProperty("data").GetProperty("gates")[0].GetProperty("name").GetString());
        await fx.Admin.DeleteAsync($"/api/webhooks/{id}");
    }

    [Fact]
    public async Task Deliver_500Then200_RetriesAfterTheBackoffAndShowsTwoAttempts()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Statuses.Enqueue(500);
        var (id, secret) = await fx.CreateWebhookAsync(receiver.Url, WebhookEventTypes.DriftDetected);

        Assert.Equal(HttpStatusCode.Accepted, (await fx.Admin.PostAsync($"/api/webhooks/{id}/test", null)).StatusCode);
        var first = await fx.WaitForDeliveryAsync(id, d => d.GetProperty("attempts").GetArrayLength() == 1, "the first attempt");

        Assert.Equal("pending", first.GetProperty("status").GetString());
        Assert.Equal(500, first.GetProperty("attempts")[0].GetProperty("statusCode").GetInt32());
        var failedAt = first.GetProperty("attempts")[0].GetProperty("at").GetDateTimeOffset();
        Assert.Equal(failedAt.AddSeconds(10), first.GetProperty("nextAttemptAt").GetDateTimeOffset());
        Assert.Equal(0, await Dispatcher.DeliverDueAsync()); // the backoff has not passed on the portal's clock
        Assert.Single(receiver.Received);

        fx.Clock.Advance(TimeSpan.FromSeconds(10));
        await Dispatcher.DeliverDueAsync();

        var done = await fx.WaitForDeliveryAsync(id, d => d.GetProperty("status").GetString() == "succeeded", "the retry to succeed");
        Assert.Equal([500, 200], done.GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("statusCode").GetInt32()));
        Assert.Equal(2, receiver.Received.Count);
        var retry = receiver.Received.Last();
        Assert.Equal("ping", retry.Headers["X-Portal-Event"]);
        Assert.Equal(receiver.Received.First().Headers["X-Portal-Delivery"], retry.Headers["X-Portal-Delivery"]);
        Assert.Equal(ExpectedSignature(secret, retry), retry.Headers["X-Portal-Signature"]);
        await fx.Admin.DeleteAsync($"/api/webhooks/{id}");
    }

    [Fact]
    public async Task Deliver_AlwaysFailing_GivesUpAfterMaxAttemptsAndCountsIt()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        for (var i = 0; i < 5; i++) receiver.Statuses.Enqueue(503);
        var (id, _) = await fx.CreateWebhookAsync(receiver.Url, WebhookEventTypes.DriftDetected);
        await fx.Admin.PostAsync($"/api/webhooks/{id}/test", null);

        for (var attempt = 1; attempt < 5; attempt++)
        {
            await fx.WaitForDeliveryAsync(id, d => d.GetProperty("attempts").GetArrayLength() == attempt, $"attempt {attempt}");
            fx.Clock.Advance(TimeSpan.FromSeconds(10 * Math.Pow(2, attempt - 1)));
            await Dispatcher.DeliverDueAsync();
        }

        var failed = await fx.WaitForDeliveryAsync(id, d => d.GetProperty("status").GetString() == "failed", "the delivery to fail");
        Assert.Equal(5, failed.GetProperty("attempts").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, failed.GetProperty("nextAttemptAt").ValueKind);
        var metrics = await fx.Admin.GetStringAsync("/metrics");
        Assert.Contains("portal_webhook_deliveries_total{event=\"ping\",outcome=\"failed\"} 1", metrics);
        await fx.Admin.DeleteAsync($"/api/webhooks/{id}");
    }

    [Fact]
    public async Task Promote_TargetNeverAnswers_ReturnsWhileTheDeliveryIsPending()
    {
        var v1 = await fx.TrainAsync("hook-hang");
        var v2 = await fx.TrainAsync("hook-hang");
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Hang = true;
        var (id, _) = await fx.CreateWebhookAsync(receiver.Url, WebhookEventTypes.VersionPromoted);
        Assert.Equal(HttpStatusCode.OK, (await fx.PromoteAsync("hook-hang", v1)).StatusCode);
        await WaitForRequestsAsync(receiver, 1); // the target holds the first delivery without answering

        var response = await fx.PromoteAsync("hook-hang", v2);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var deliveries = await fx.DeliveriesAsync(id);
        var held = deliveries.EnumerateArray().Last();
        Assert.Equal("pending", held.GetProperty("status").GetString());
        Assert.DoesNotContain(held.GetProperty("attempts").EnumerateArray(), a => a.GetProperty("succeeded").GetBoolean());
        await fx.Admin.DeleteAsync($"/api/webhooks/{id}");
    }

    [Fact]
    public async Task DriftRun_Critical_GetsDriftDetected()
    {
        var v1 = await fx.TrainAsync("hook-drift");
        Assert.Equal(HttpStatusCode.OK, (await fx.PromoteAsync("hook-drift", v1)).StatusCode);
        await LogEveryFeatureShiftedAsync("hook-drift", v1);
        await using var receiver = await WebhookReceiver.StartAsync();
        var (id, _) = await fx.CreateWebhookAsync(receiver.Url, WebhookEventTypes.DriftDetected);

        var run = await fx.Scientist.PostAsync("/api/models/hook-drift/drift/run", null);

        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        await WaitForRequestsAsync(receiver, 1);
        var body = JsonDocument.Parse(Assert.Single(receiver.Received).Body).RootElement;
        Assert.Equal("drift.detected", body.GetProperty("type").GetString());
        Assert.Equal("critical", body.GetProperty("data").GetProperty("status").GetString());
        Assert.Equal(v1, body.GetProperty("data").GetProperty("version").GetInt32());
        Assert.Equal((await run.JsonAsync()).GetProperty("status").GetString(), body.GetProperty("data").GetProperty("status").GetString());
        await fx.Admin.DeleteAsync($"/api/webhooks/{id}");
    }

    [Fact]
    public async Task RolloutDecision_EndsTheRollout_GetsRolloutDecided()
    {
        var v1 = await fx.TrainAsync("hook-rollout");
        var v2 = await fx.TrainAsync("hook-rollout");
        Assert.Equal(HttpStatusCode.OK, (await fx.PromoteAsync("hook-rollout", v1)).StatusCode);
        var started = await fx.Admin.PostAsJsonAsync("/api/models/hook-rollout/rollouts", new { kind = "canary", candidateVersion = v2 });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var rollouts = fx.Factory.Services.GetRequiredService<Portal.Core.Rollouts.RolloutService>();
        var rollout = (await rollouts.GetAsync((await started.JsonAsync()).GetProperty("id").GetGuid()))!;
        await using var receiver = await WebhookReceiver.StartAsync();
        var (id, _) = await fx.CreateWebhookAsync(receiver.Url, WebhookEventTypes.RolloutDecided);

        // The decision loop's own path: a verdict applied to the running rollout.
        var after = await rollouts.ApplyAsync(rollout, Portal.Core.Rollouts.RolloutAction.Inconclusive, "max duration reached", null);

        Assert.NotNull(after);
        await WaitForRequestsAsync(receiver, 1);
        var data = JsonDocument.Parse(Assert.Single(receiver.Received).Body).RootElement.GetProperty("data");
        Assert.Equal(rollout.Id, data.GetProperty("rollout").GetGuid());
        Assert.Equal("inconclusive", data.GetProperty("action").GetString());
        Assert.Equal("inconclusive", data.GetProperty("state").GetString());
        Assert.Equal(v2, data.GetProperty("candidateVersion").GetInt32());
        Assert.Equal("max duration reached", data.GetProperty("reason").GetString());
        await fx.Admin.DeleteAsync($"/api/webhooks/{id}");
    }

    /// <summary>breast_cancer.csv's rows with every feature tripled, logged as the champion's predictions on the portal's clock.</summary>
    private async Task LogEveryFeatureShiftedAsync(string model, int version)
    {
        var now = fx.Clock.GetUtcNow();
        var rows = DriftWindows.Rows();
        foreach (var row in rows)
            foreach (var name in row.Select(p => p.Key).ToList()) row[name] = row[name]!.GetValue<double>() * 3 + 10;
        var records = rows.Select((row, i) => new Portal.Core.Predictions.PredictionRecord(Portal.Core.Predictions.PredictionIds.Next(now.AddSeconds(-i - 1)), model, version,
            "champion", row.ToJsonString(), "benign", 0.1, 1, now.AddSeconds(-i - 1))).ToList();
        await fx.Factory.Services.GetRequiredService<Portal.Core.Predictions.IPredictionStore>().AddBatchAsync(records);
    }
}
