using Portal.Core.Labels;

namespace Portal.Core.Serving;

/// <summary>A logged prediction and, when it has arrived, its true label.</summary>
public sealed record LabelledPrediction(PredictionRecord Prediction, LabelRecord? Label);
