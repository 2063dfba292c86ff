namespace Portal.Core.Drift;

/// <summary>The drift score and drift share of a version's newest stored run.</summary>
public sealed record VersionDriftScore(string Model, int Version, double Score, double Share);
