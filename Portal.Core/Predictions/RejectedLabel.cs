namespace Portal.Core.Predictions;

/// <summary>A row that was not kept, with the line it came from and why.</summary>
public sealed record RejectedLabel(int Line, string? PredictionId, string Error);
