namespace Portal.Core.Auth;

/// <summary>An API key as listed: never the key itself, only its first characters to recognise it.</summary>
public sealed record ApiKeyInfo(int Id, string Name, string Role, string Prefix, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? RevokedAt)
{
    public bool IsActive => RevokedAt is null;
}
