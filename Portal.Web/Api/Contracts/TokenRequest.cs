namespace Portal.Web.Api.Contracts;

public sealed record TokenRequest(string? Username, string? Password);
