namespace Portal.Core.Predictions;

/// <summary>How many predictions were logged in the bucket starting at <see cref="Start"/> (UTC, aligned).</summary>
public sealed record PredictionVolumeBucket(DateTimeOffset Start, long Predictions);
