namespace Portal.Web.Extensions;

public static class RequestLimitsExtensions
{
    /// <summary>
    /// Kestrel:Limits (e.g. MaxRequestBodySize, in bytes; 30 MB by default) from configuration: the host reads only
    /// Kestrel's endpoints and certificates from it by itself, so without this the setting is silently ignored.
    /// Uploads (datasets, model zips) opt out of the body limit and apply their own (Portal:Datasets:MaxUploadMegabytes, which
    /// also sets FormOptions.MultipartBodyLengthLimit; the UI's InputFile defers to the service's count).
    /// </summary>
    public static WebApplicationBuilder AddPortalRequestLimits(this WebApplicationBuilder builder)
    {
        var limits = builder.Configuration.GetSection("Kestrel:Limits");
        builder.WebHost.ConfigureKestrel(kestrel => limits.Bind(kestrel.Limits));
        return builder;
    }
}
