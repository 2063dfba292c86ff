namespace Portal.Data.Entities;

/// <summary>An API key, stored only as the SHA-256 of the key (keys are 256-bit random, so a fast hash is enough).</summary>
public sealed class ApiKeyEntity
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string Role { get; set; }
    public required string Hash { get; set; }
    public required string Prefix { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    /// <summary>The person the key acts for: its rights never exceed this user's current role.</summary>
    public required string Owner { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
