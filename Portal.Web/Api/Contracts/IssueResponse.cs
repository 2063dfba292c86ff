namespace Portal.Web.Api.Contracts;

public sealed record IssueResponse(string Severity, string? Column, string Message);
