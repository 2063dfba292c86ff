using Microsoft.AspNetCore.Hosting.StaticWebAssets;

namespace Portal.Web.Extensions;

/// <summary>
/// How Portal runs as a process: its content root is its own folder (not the working directory), so a published folder
/// works from wherever it is started; and the build output, which holds no wwwroot/_framework, finds the framework's and
/// packages' static files through the static web assets manifest in any environment, not only Development.
/// </summary>
public static class HostingExtensions
{
    /// <summary>
    /// The builder's options: the app's folder as content root, unless the host was given one (WebApplicationFactory
    /// passes --contentRoot; an operator may set ASPNETCORE_CONTENTROOT).
    /// </summary>
    public static WebApplicationOptions PortalBuilderOptions(string[] args)
    {
        var given = args.Any(a => a.Contains("contentRoot", StringComparison.OrdinalIgnoreCase))
            || Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT") is { Length: > 0 }
            || Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT") is { Length: > 0 };
        return new WebApplicationOptions { Args = args, ContentRootPath = given ? null : AppContext.BaseDirectory };
    }

    /// <summary>True when running from the build output (it has the static web assets runtime manifest; a publish has none).</summary>
    public static bool IsBuildOutput(IWebHostEnvironment environment) =>
        File.Exists(Path.Combine(AppContext.BaseDirectory, $"{environment.ApplicationName}.staticwebassets.runtime.json"));

    /// <summary>True when running from a publish folder: its own folder is the content root and it is not the build output.</summary>
    public static bool IsPublished(IWebHostEnvironment environment) =>
        !IsBuildOutput(environment)
        && string.Equals(Path.GetFullPath(environment.ContentRootPath).TrimEnd(Path.DirectorySeparatorChar),
            Path.GetFullPath(AppContext.BaseDirectory).TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal);

    public static WebApplicationBuilder AddPortalHosting(this WebApplicationBuilder builder)
    {
        // Development does this by itself; Production from the build output needs it too (else blazor.web.js is a 500).
        if (!builder.Environment.IsDevelopment() && IsBuildOutput(builder.Environment))
            StaticWebAssetsLoader.UseStaticWebAssets(builder.Environment, builder.Configuration);
        // "Server: Kestrel" tells an attacker what runs here and nothing useful to anyone else.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        return builder;
    }
}
