namespace Portal.Web.Api.Contracts;

public sealed record PromoteRequest(string? Alias, string? Reason);
