namespace Portal.Core.Retraining;

/// <summary>The window [From, To) of logged, labelled predictions a retrain learned from, and how many rows it gave.</summary>
public sealed record OutcomesWindow(DateTimeOffset From, DateTimeOffset To, int Rows);
