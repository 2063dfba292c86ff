namespace Portal.Core.Performance;

/// <summary>
/// One version's performance estimated without labels: over the whole window and per bucket (keyed by bucket start), or
/// the sentence saying why there is none (<see cref="Unavailable"/>, then no metrics).
/// </summary>
public sealed record VersionEstimation(string? Unavailable, EstimatedMetrics? Total, IReadOnlyDictionary<DateTimeOffset, EstimatedMetrics> Buckets)
{
    public const string NotRecorded = "unavailable: trained before estimation was recorded";
}
