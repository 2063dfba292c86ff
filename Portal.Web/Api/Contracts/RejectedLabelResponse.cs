namespace Portal.Web.Api.Contracts;

public sealed record RejectedLabelResponse(int Line, string? PredictionId, string Error);
