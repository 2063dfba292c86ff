namespace Portal.Web.Api.Contracts;

public sealed record PerformanceResponse(string Model, DateTimeOffset From, DateTimeOffset To, string Bucket, IReadOnlyList<VersionPerformanceResponse> Versions);
