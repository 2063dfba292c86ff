namespace Portal.Web.Api.Contracts;

public sealed record PredictResponse(Guid PredictionId, string Model, int Version, string Label, double Probability);
