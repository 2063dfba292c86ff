namespace Portal.Core.Auth;

/// <summary>
/// An API key as listed: never the key itself, only its first characters to recognise it. <paramref name="CreatedBy"/>
/// is who created it as recorded (a user or <c>key:NAME</c>); <paramref name="Owner"/> is the person it acts for
/// (a key created with another key belongs to that key's owner).
/// </summary>
public sealed record ApiKeyInfo(int Id, string Name, string Role, string Prefix, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? RevokedAt, string Owner)
{
    public bool IsActive => RevokedAt is null;
}
