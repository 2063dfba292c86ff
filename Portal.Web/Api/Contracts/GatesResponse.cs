namespace Portal.Web.Api.Contracts;

public sealed record GatesResponse(string Model, double? MinAuc, double? MinF1ImprovementPct, double? MaxBrierDegradation, int? MinTestRows, bool RequireApproval, DateTimeOffset? UpdatedAt, string? UpdatedBy, string InputRange = "warn");
