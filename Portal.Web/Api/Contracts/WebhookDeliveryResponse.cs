namespace Portal.Web.Api.Contracts;

/// <summary>One delivery with its attempts, oldest first; <c>nextAttemptAt</c> while it is pending.</summary>
public sealed record WebhookDeliveryResponse(Guid Id, int WebhookId, string Event, string Model, string Status, DateTimeOffset CreatedAt,
    DateTimeOffset? NextAttemptAt, IReadOnlyList<WebhookAttemptResponse> Attempts, string Payload);
