namespace Portal.Web.Api.Contracts;

/// <summary>A model's gates as sent and returned; a null threshold is off.</summary>
public sealed record GatesBody(double? MinAuc, double? MinF1ImprovementPct, double? MaxBrierDegradation, int? MinTestRows, bool? RequireApproval, string? InputRange = null);
