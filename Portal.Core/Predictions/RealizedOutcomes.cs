namespace Portal.Core.Predictions;

/// <summary>
/// A window's realized outcomes without its unlabelled rows: the labelled predictions (oldest first) and how many were
/// served per version and time bucket. All that realized metrics need, far fewer rows than the window's predictions.
/// </summary>
public sealed record RealizedOutcomes(IReadOnlyList<PredictionOutcome> Labelled, IReadOnlyList<ServedCount> Served);
