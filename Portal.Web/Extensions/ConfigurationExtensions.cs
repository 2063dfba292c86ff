using Microsoft.Extensions.Configuration.Json;

namespace Portal.Web.Extensions;

public static class ConfigurationExtensions
{
    /// <summary>
    /// Adds the top-level appsettings.json (the one file users edit) just after the project's own, so
    /// environment variables and the command line still override it, and resolves the paths.
    /// </summary>
    public static PortalPaths AddPortalConfiguration(this WebApplicationBuilder builder)
    {
        // Published, Portal is one self-contained folder (settings, samples/, models/, data/) even when it lies inside a clone.
        var home = HostingExtensions.IsPublished(builder.Environment)
            ? builder.Environment.ContentRootPath
            : PortalPaths.FindHome(builder.Environment.ContentRootPath, AppContext.BaseDirectory);
        var topLevel = Path.Combine(home, "appsettings.json");
        if (File.Exists(topLevel) && !string.Equals(Path.GetFullPath(topLevel), Path.Combine(builder.Environment.ContentRootPath, "appsettings.json"), StringComparison.Ordinal))
        {
            var sources = builder.Configuration.Sources;
            var lastJson = sources.Select((s, i) => (s, i)).LastOrDefault(p => p.s is JsonConfigurationSource).i;
            var source = new JsonConfigurationSource { Path = topLevel, Optional = true, ReloadOnChange = false };
            source.ResolveFileProvider();
            sources.Insert(lastJson + 1, source);
        }

        var paths = PortalPaths.From(builder.Configuration, home);
        builder.Services.AddSingleton(paths);
        builder.Services.AddOptions<PortalOptions>().BindConfiguration(PortalOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<PortalOptions>, PortalOptionsValidator>();
        return paths;
    }
}
