namespace Portal.Web.Api.Contracts;

public sealed record BatchItemResponse(Guid PredictionId, string Label, double Probability);
