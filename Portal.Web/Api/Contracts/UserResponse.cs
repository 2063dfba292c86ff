namespace Portal.Web.Api.Contracts;

public sealed record UserResponse(string UserName, string? Role, bool Disabled, DateTimeOffset CreatedAt);
