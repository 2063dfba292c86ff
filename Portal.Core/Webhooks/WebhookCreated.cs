namespace Portal.Core.Webhooks;

/// <summary>A new webhook and its signing secret: the only time the secret is shown.</summary>
public sealed record WebhookCreated(WebhookSubscription Webhook, string Secret);
