namespace Portal.Web.Api.Contracts;

public sealed record BatchPredictResponse(string Model, int Version, IReadOnlyList<BatchItemResponse> Predictions);
