namespace Portal.Core.Webhooks;

/// <summary>
/// Hands an event to the webhook deliveries. Never blocks and never throws: a slow or failing target must not hold up
/// the promotion, rollback or run that published it.
/// </summary>
public interface IWebhookPublisher
{
    void Publish(WebhookEvent e);
}
