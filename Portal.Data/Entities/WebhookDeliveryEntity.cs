namespace Portal.Data.Entities;

/// <summary>One event to one webhook: its body (the same on every attempt), status and when the next attempt is due.</summary>
public sealed class WebhookDeliveryEntity
{
    public Guid Id { get; set; }
    public int WebhookId { get; set; }
    public required string EventType { get; set; }
    public required string Model { get; set; }
    public required string PayloadJson { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string Status { get; set; }
    public DateTimeOffset? NextAttemptAt { get; set; }
    public List<WebhookAttemptEntity> Attempts { get; set; } = [];
}
