namespace Portal.Core.Predictions;

/// <summary>How many predictions a version served in the time bucket starting at <paramref name="Bucket"/> (UTC).</summary>
public sealed record ServedCount(int Version, DateTimeOffset Bucket, long Predictions);
