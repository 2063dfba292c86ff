namespace Portal.Core.Serving;

public sealed record PredictionPage(IReadOnlyList<LabelledPrediction> Items, long Total);
