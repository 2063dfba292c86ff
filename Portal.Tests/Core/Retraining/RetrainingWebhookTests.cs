using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Auth;
using Portal.Core.Retraining;
using Portal.Core.Webhooks;
using Portal.Tests.Components;

namespace Portal.Tests.Core.Retraining;

/// <summary>The app's service graph on real SQLite (no background workers): a pipeline's end is published as retrain.finished.</summary>
public sealed class RetrainingWebhookTests : PortalComponentContext
{
    private readonly CapturingPublisher _published = new();

    public RetrainingWebhookTests() => Services.AddSingleton<IWebhookPublisher>(_published);

    [Fact]
    public async Task StartManual_DataCheckRejects_PublishesRetrainFinishedWithTheReason()
    {
        // A version registered without a dataset: the data step has nothing to train on.
        await RegisterVersionAsync("credit-webhook", CreditSchema());
        var retraining = Services.GetRequiredService<RetrainingService>();

        var pipeline = await retraining.StartManualAsync("credit-webhook", new Actor("alice"), "nightly job misbehaved", urgent: false);

        Assert.Equal(RetrainNames.Rejected, pipeline.Status);
        // Registering the version published version.registered; the pipeline publishes one retrain.finished.
        var e = Assert.Single(_published.Events, e => e.Type == WebhookEventTypes.RetrainFinished);
        Assert.Equal("credit-webhook", e.Model);
        var data = JsonSerializer.SerializeToElement(e.Data);
        Assert.Equal(pipeline.Id, data.GetProperty("pipelineId").GetGuid());
        Assert.Equal("manual", data.GetProperty("trigger").GetString());
        Assert.Equal("rejected", data.GetProperty("outcome").GetString());
        Assert.Contains("no longer registered", data.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, data.GetProperty("version").ValueKind);
    }

    private sealed class CapturingPublisher : IWebhookPublisher
    {
        public ConcurrentQueue<WebhookEvent> Events { get; } = new();

        public void Publish(WebhookEvent e) => Events.Enqueue(e);
    }
}
