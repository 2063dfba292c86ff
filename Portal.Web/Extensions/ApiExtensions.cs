using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Portal.Web.Api;
using Portal.Web.Api.Errors;
using Portal.Web.Api.Limits;
using Portal.Web.Auth;
using Scalar.AspNetCore;

namespace Portal.Web.Extensions;

public static class ApiExtensions
{
    public static WebApplicationBuilder AddPortalApi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c => c.ProblemDetails.Extensions["traceId"] = c.HttpContext.TraceIdentifier);
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            o.SerializerOptions.NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals;
        });
        // One setting, Portal:Datasets:MaxUploadMegabytes, bounds dataset uploads everywhere: the service counts the file's
        // bytes (API, UI and retraining alike); a multipart form may be that plus its envelope, or a model zip at most.
        services.AddOptions<FormOptions>().Configure<Microsoft.Extensions.Options.IOptions<PortalOptions>>((o, portal) =>
            o.MultipartBodyLengthLimit = Math.Max(portal.Value.Datasets.MaxUploadBytes, Portal.Core.Registry.ModelImporter.MaxArtefactBytes) + 1024 * 1024);
        services.AddPortalBadRequests();
        builder.AddPortalRequestLimits();
        services.AddOpenApi(OpenApiRules.Configure);
        return builder;
    }

    /// <summary>Errors as ProblemDetails and never a stack trace; empty 401/403/404s on the API get a body too.</summary>
    public static WebApplication UsePortalErrorHandling(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
            SuppressDiagnosticsCallback = BadRequestExtensions.IsClientMistake,
        });
        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            if (!PortalSchemes.IsApiPath(http.Request.Path)) return;
            var status = http.Response.StatusCode;
            var detail = status switch
            {
                401 => "Authentication is required: send 'Authorization: Bearer <token>' (from POST /api/auth/token) or 'X-Api-Key: <key>'.",
                403 => "Your role does not allow this action.",
                404 => $"Nothing is at {http.Request.Path}.",
                405 => $"{http.Request.Method} is not allowed on {http.Request.Path}.",
                _ => null,
            };
            await ProblemResponses.WriteAsync(http, new ProblemDetails { Status = status, Detail = detail });
        });
        // A page address that matches nothing gets the portal's own not-found page, in its layout, still with status 404.
        // (Not in a UseWhen branch: a branch loses the global route builder and the re-executed request would find no page.)
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.Use((context, next) =>
        {
            // The API keeps its ProblemDetails: switch off the re-execution above (the outer handler has its own feature).
            if (PortalSchemes.IsApiPath(context.Request.Path) && context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages) pages.Enabled = false;
            return next(context);
        });
        return app;
    }

    public static WebApplication MapPortalApi(this WebApplication app)
    {
        // Cookies never authenticate /api (the policy scheme sends it to bearer or API key), so antiforgery has nothing to protect here.
        var api = app.MapGroup("/api").RequireAuthorization(Policies.Viewer).DisableAntiforgery().WithTextLimits();
        api.MapAuthApi().MapKeysApi().MapUsersApi().MapAuditApi().MapDatasetsApi().MapTrainingApi().MapModelsApi().MapRegistryApi().MapPredictionApi().MapExplanationsApi()
            .MapLabelsApi().MapPerformanceApi().MapExportsApi().MapDriftApi().MapStatsApi().MapRolloutsApi().MapEnsemblesApi().MapWebhooksApi()
            .MapRetrainingApi().MapBackupApi().MapPrivacyApi().MapValidationApi();
        api.MapQualityApi();
        api.MapFleetApi();
        app.MapOpsApi();
        app.MapRunbookAliasesApi();
        app.MapExports();
        app.MapHealthApi();
        app.MapOpenApi().AllowAnonymous();
        // Configured for an offline, self-hosted portal: no AI agent ("Ask AI"), no developer toolbar ("Generate SDK",
        // "Deploy"), no telemetry, MCP or fonts from outside hosts; the portal's icon and a link back to the portal.
        app.MapScalarApiReference("/scalar", o => o.WithTitle("Portal API").DisableDefaultFonts()
            .DisableAgent().HideDeveloperTools().DisableTelemetry().DisableMcp().HideClientButton()
            .WithFavicon("/favicon.svg")
            .AddHeaderContent(ApiReferencePage.BackLink)).AllowAnonymous();
        return app;
    }
}
