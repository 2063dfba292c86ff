using Portal.Core.Serving;

namespace Portal.Core.Predictions;

/// <summary>A logged prediction and, when it has arrived, its true label.</summary>
public sealed record LabelledPrediction(PredictionRecord Prediction, LabelRecord? Label);
