using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Portal.Core.Registry;

namespace Portal.Web.Extensions;

/// <summary>The <c>Portal:Artefacts</c> section: where artefacts and datasets are kept, and limits on model zips imported from outside.</summary>
public sealed class ArtefactOptions : IValidatableObject
{
    public const string Section = "Portal:Artefacts";
    public const string FileStore = "file";
    public const string S3Store = "s3";

    /// <summary>file (the default: Portal:ModelsPath and the data folder's datasets/) or s3 (a bucket, see <see cref="S3"/>).</summary>
    [RegularExpression("(?i)^(file|s3)?$", ErrorMessage = "Portal:Artefacts:Store: the artefact store must be file (the default) or s3.")]
    public string? Store { get; set; }

    public S3Options S3 { get; set; } = new();

    /// <summary>What an imported zip may unpack to, all entries together; a zip bomb is refused before it is read as a model.</summary>
    [Range(1, 100_000)] public int MaxUncompressedMegabytes { get; set; } = ArtefactLimits.DefaultMegabytes;

    public bool IsS3 => string.Equals(Store, S3Store, StringComparison.OrdinalIgnoreCase);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsS3) yield break;
        if (string.IsNullOrWhiteSpace(S3.Bucket))
            yield return new ValidationResult($"{Section}:S3:Bucket: a bucket is required when {Section}:Store is s3.", ["S3:Bucket"]);
        if (!string.IsNullOrWhiteSpace(S3.Endpoint) && !Uri.TryCreate(S3.Endpoint, UriKind.Absolute, out _))
            yield return new ValidationResult($"{Section}:S3:Endpoint: '{S3.Endpoint}' is not an absolute URL (e.g. http://minio:9000).", ["S3:Endpoint"]);
        if (string.IsNullOrEmpty(S3.AccessKey) != string.IsNullOrEmpty(S3.SecretKey))
            yield return new ValidationResult($"{Section}:S3:AccessKey and {Section}:S3:SecretKey go together: set both, or neither to use the AWS environment variables.", ["S3:AccessKey"]);
    }

    /// <summary>The <c>Portal:Artefacts:S3</c> section; secrets belong in environment variables, not appsettings.</summary>
    public sealed class S3Options
    {
        public string? Endpoint { get; set; }
        public string? Bucket { get; set; }
        public string? Region { get; set; }
        public bool ForcePathStyle { get; set; }
        public string? Prefix { get; set; }
        public string? AccessKey { get; set; }
        public string? SecretKey { get; set; }
    }
}

public static class ArtefactOptionsExtensions
{
    /// <summary>Binds and validates Portal:Artefacts at start-up (a bad value stops the portal naming the key).</summary>
    public static IServiceCollection AddPortalArtefactOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ArtefactOptions>().Bind(configuration.GetSection(ArtefactOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }

    /// <summary>The limits Core checks, from the options (their defaults where the section is not bound, as in component tests).</summary>
    public static IServiceCollection AddPortalArtefactLimits(this IServiceCollection services)
    {
        services.AddSingleton(sp => ArtefactLimits.FromMegabytes(sp.GetRequiredService<IOptions<ArtefactOptions>>().Value.MaxUncompressedMegabytes));
        return services;
    }
}
