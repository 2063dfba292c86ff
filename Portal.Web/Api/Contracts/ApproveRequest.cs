namespace Portal.Web.Api.Contracts;

public sealed record ApproveRequest(string? Reason);
