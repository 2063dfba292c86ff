namespace Portal.Data.Entities;

/// <summary>A registered webhook; the secret is kept encrypted (Data Protection), never in the clear.</summary>
public sealed class WebhookEntity
{
    public int Id { get; set; }
    public required string Url { get; set; }

    /// <summary>The events it takes, comma-separated; empty for all.</summary>
    public required string Events { get; set; }
    public string? Description { get; set; }
    public required string ProtectedSecret { get; set; }
    public bool Enabled { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
