namespace Portal.Web.Auth;

/// <summary>A user as administrators see them: never a password or hash.</summary>
public sealed record UserInfo(string UserName, string? Role, bool Disabled, DateTimeOffset CreatedAt);
