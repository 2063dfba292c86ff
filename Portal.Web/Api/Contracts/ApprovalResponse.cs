namespace Portal.Web.Api.Contracts;

public sealed record ApprovalResponse(string Model, int Version, string ApprovedBy, DateTimeOffset At, string? Reason, string Person, string? ViaKey);
