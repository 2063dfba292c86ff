namespace Portal.Core.Predictions;

/// <summary>One label as uploaded, before validation; <see cref="Line"/> is the CSV line or the 1-based JSON index.</summary>
public sealed record LabelRow(int Line, string? PredictionId, string? Label, string? LabelTimestamp, string? Source);
