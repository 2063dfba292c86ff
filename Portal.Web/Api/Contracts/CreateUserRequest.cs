namespace Portal.Web.Api.Contracts;

public sealed record CreateUserRequest(string? UserName, string? Password, string? Role);
