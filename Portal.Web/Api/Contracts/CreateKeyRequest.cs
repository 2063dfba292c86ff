namespace Portal.Web.Api.Contracts;

public sealed record CreateKeyRequest(string? Name, string? Role);
