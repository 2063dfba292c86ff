namespace Portal.Web.Api.Contracts;

public sealed record RollbackRequest(string? Reason);
