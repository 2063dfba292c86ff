namespace Portal.Web.Api.Contracts;

public sealed record ResetPasswordRequest(string? Password);
