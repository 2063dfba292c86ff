namespace Portal.Data.Artefacts;

/// <summary>
/// Where the S3-compatible store is (Portal:Artefacts:S3). Without <see cref="AccessKey"/> and <see cref="SecretKey"/>
/// the SDK's own chain is used (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, profiles, instance roles).
/// </summary>
public sealed record S3Settings(string Bucket)
{
    /// <summary>The service's address (MinIO, Ceph, a local server); unset: AWS itself, by <see cref="Region"/>.</summary>
    public string? Endpoint { get; init; }
    public string? Region { get; init; }

    /// <summary>Address the bucket as a path (<c>host/bucket/key</c>), as most S3-compatible servers need.</summary>
    public bool ForcePathStyle { get; init; }

    /// <summary>Prepended to every key, so several portals (or other data) can share a bucket.</summary>
    public string? Prefix { get; init; }
    public string? AccessKey { get; init; }
    public string? SecretKey { get; init; }
}
