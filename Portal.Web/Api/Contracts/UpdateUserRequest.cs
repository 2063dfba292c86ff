namespace Portal.Web.Api.Contracts;

/// <summary>Either field may be left out to keep it as it is.</summary>
public sealed record UpdateUserRequest(string? Role, bool? Disabled);
