namespace Portal.Web.Api.Contracts;

public sealed record KeyResponse(int Id, string Name, string Role, string Prefix, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? RevokedAt, bool Active, string Owner);
