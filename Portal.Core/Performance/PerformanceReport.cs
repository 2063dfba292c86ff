namespace Portal.Core.Performance;

public sealed record PerformanceReport(string Model, DateTimeOffset From, DateTimeOffset To, TimeSpan Bucket, IReadOnlyList<VersionPerformance> Versions);
