using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Portal.Core.Registry;

namespace Portal.Web.Extensions;

/// <summary>The <c>Portal:Artefacts</c> section: limits on model zips imported from outside.</summary>
public sealed class ArtefactOptions
{
    public const string Section = "Portal:Artefacts";

    /// <summary>What an imported zip may unpack to, all entries together; a zip bomb is refused before it is read as a model.</summary>
    [Range(1, 100_000)] public int MaxUncompressedMegabytes { get; set; } = ArtefactLimits.DefaultMegabytes;
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
