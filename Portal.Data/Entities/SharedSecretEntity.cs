namespace Portal.Data.Entities;

/// <summary>
/// A secret every replica must hold the same value of (the JWT signing key when it is not configured), created by
/// the first replica that needs it; the insert's primary key decides between two that start together.
/// </summary>
public sealed class SharedSecretEntity
{
    public required string Name { get; set; }
    public required string Value { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
