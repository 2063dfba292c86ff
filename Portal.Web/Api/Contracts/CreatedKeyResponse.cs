namespace Portal.Web.Api.Contracts;

/// <summary>The only time the key itself is shown.</summary>
public sealed record CreatedKeyResponse(int Id, string Name, string Role, string Key);
