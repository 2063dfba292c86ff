namespace Portal.Core.Retraining;

/// <summary>Exactly which rows a candidate came from: the datasets (the one trained on last) and, for outcomes, the window and its row count.</summary>
public sealed record RetrainLineage(IReadOnlyList<LineageDataset> Datasets, int TrainingDatasetId, OutcomesWindow? Outcomes = null);
