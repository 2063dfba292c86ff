namespace Portal.Core.Predictions;

/// <summary>The true outcome of a logged prediction, as it arrived (one per prediction; a later one replaces it).</summary>
public sealed record LabelRecord(Guid PredictionId, string TrueLabel, DateTimeOffset? LabelTimestamp, string? Source, DateTimeOffset ReceivedAt, string ReceivedBy);
