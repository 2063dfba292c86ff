namespace Portal.Core.Webhooks;

/// <summary>Publishes nowhere: for hosts (component tests, tools) that do not deliver webhooks.</summary>
public sealed class NoWebhookPublisher : IWebhookPublisher
{
    public void Publish(WebhookEvent e)
    {
    }
}
