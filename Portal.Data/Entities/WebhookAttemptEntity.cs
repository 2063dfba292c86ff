namespace Portal.Data.Entities;

/// <summary>One POST of a delivery.</summary>
public sealed class WebhookAttemptEntity
{
    public long Id { get; set; }
    public Guid DeliveryId { get; set; }
    public DateTimeOffset At { get; set; }
    public int? StatusCode { get; set; }
    public string? Error { get; set; }
    public double DurationMs { get; set; }
}
