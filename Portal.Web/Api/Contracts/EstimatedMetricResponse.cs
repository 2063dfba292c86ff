namespace Portal.Web.Api.Contracts;

/// <summary>An estimated metric and its band (estimate +- 3 sampling errors, clipped to [0, 1]).</summary>
public sealed record EstimatedMetricResponse(double Value, double Lower, double Upper);
