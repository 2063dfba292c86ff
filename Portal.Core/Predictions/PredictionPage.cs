namespace Portal.Core.Predictions;

public sealed record PredictionPage(IReadOnlyList<LabelledPrediction> Items, long Total);
