namespace Portal.Core.Webhooks;

/// <summary>One event sent (or to be sent) to one webhook, with every attempt so far, oldest first.</summary>
public sealed record WebhookDelivery(
    Guid Id,
    int WebhookId,
    string EventType,
    string Model,
    string PayloadJson,
    DateTimeOffset CreatedAt,
    string Status,
    DateTimeOffset? NextAttemptAt,
    IReadOnlyList<WebhookAttempt> Attempts);
