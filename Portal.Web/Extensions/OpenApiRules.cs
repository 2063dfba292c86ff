using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Portal.Web.Auth;

namespace Portal.Web.Extensions;

/// <summary>
/// The rules that make /openapi/v1.json lint clean (redocly, recommended) and generate a usable client, applied to every
/// endpoint from its own metadata, so a new endpoint needs only its summary and tag: credentials from its authorization
/// (anonymous ones say <c>security: []</c>), and the ProblemDetails refusals it can answer.
/// </summary>
public static class OpenApiRules
{
    private const string ProblemJson = "application/problem+json";
    private static readonly string[] Schemes = ["Bearer", "ApiKey"];

    /// <summary>Every tag an operation uses needs a description here (the OpenAPI test fails on one without).</summary>
    private static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        ["Authentication"] = "Bearer tokens for API clients (POST /api/auth/token); API keys go in the X-Api-Key header.",
        ["Audit"] = "Who did what and when: the audit log of logins, promotions, key and user changes.",
        ["Training"] = "Training runs on uploaded datasets: start, follow, cancel.",
        ["Prediction"] = "Scoring rows with a model's champion (or a named version or alias), logged predictions and their explanations.",
        ["Monitoring"] = "Realized and estimated performance, labels, drift and prediction exports.",
        ["Ops"] = "Health, status, statistics and reloads for operators and runbooks.",
        ["Ensembles"] = "Ensembles of a model's versions served under one name.",
        ["Retraining"] = "Retraining policies and the pipelines they start.",
        ["Admin"] = "Platform administration: backup and maintenance (Admin role).",
        ["API keys"] = "API keys for services: create, list, revoke.",
        ["Users"] = "Portal users, their roles and passwords.",
        ["Datasets"] = "Uploaded training datasets and their column profiles.",
        ["Registry"] = "Models, versions, aliases, gates, approvals, promotion and rollback.",
        ["Rollouts"] = "Canary, A/B and shadow rollouts of a candidate version.",
        ["Webhooks"] = "Outgoing webhooks for registry and monitoring events, and their deliveries.",
        ["Fleet"] = "The replicas of a fleet: heartbeats, the versions each serves, whether they agree with the registry, and the leases on background work (Admin role).",
    };

    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer(DescribeDocumentAsync);
        options.AddOperationTransformer(DescribeOperationAsync);
    }

    private static Task DescribeDocumentAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Info.Title = "Portal API";
        document.Info.Description = "Model registry, training and serving. Authenticate with a bearer token from POST /api/auth/token or an X-Api-Key header.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "JWT", Description = "A token from POST /api/auth/token.",
        };
        document.Components.SecuritySchemes["ApiKey"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = PortalSchemes.ApiKeyHeader, Description = "A key from POST /api/keys.",
        };
        // Relative to wherever the document is fetched from (keeping a path base), not the host that asked first: the same
        // document behind a proxy, on localhost or in the tests, and no address a linter takes for a placeholder.
        document.Servers = (document.Servers ?? []).Select(s => Uri.TryCreate(s.Url, UriKind.Absolute, out var url) ? url.AbsolutePath.TrimEnd('/') : "")
            .Distinct().Select(path => new OpenApiServer { Url = path.Length == 0 ? "/" : path }).ToList();
        OpenApiProbes.AddTo(document, context.ApplicationServices.GetRequiredService<IOptions<PortalOptions>>().Value.Metrics.AllowAnonymous);
        foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
            if (tag.Name is { } name && TagDescriptions.TryGetValue(name, out var description)) tag.Description = description;
        return Task.CompletedTask;
    }

    private static async Task DescribeOperationAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var anonymous = metadata.OfType<IAllowAnonymous>().Any() || !metadata.OfType<IAuthorizeData>().Any();
        // Explicit either way: an anonymous operation says so rather than inheriting nothing.
        operation.Security = anonymous
            ? []
            : Credentials(context.Document);

        var parameters = context.Description.ParameterDescriptions;
        var refusals = new List<int>();
        // A body, or a query value that must parse (a number, a date...), can be refused; a plain string always binds,
        // and handlers that refuse one declare it themselves.
        if (operation.RequestBody is not null || parameters.Any(p => p.Source.Id is "Body" or "Form" or "FormFile"
                || p.Source.Id == "Query" && (Nullable.GetUnderlyingType(p.Type) ?? p.Type) != typeof(string)))
            refusals.Add(StatusCodes.Status400BadRequest);
        if (!anonymous) refusals.Add(StatusCodes.Status401Unauthorized);
        // Viewer is the lowest role: a stricter policy refuses the roles below it.
        if (metadata.OfType<IAuthorizeData>().Any(a => a.Policy is { } p && p != Policies.Viewer || !string.IsNullOrEmpty(a.Roles)))
            refusals.Add(StatusCodes.Status403Forbidden);
        if (parameters.Any(p => p.Source.Id == "Path")) refusals.Add(StatusCodes.Status404NotFound);
        if (refusals.Count == 0) return;

        operation.Responses ??= new OpenApiResponses();
        foreach (var status in refusals)
        {
            var code = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (operation.Responses.ContainsKey(code)) continue;
            operation.Responses[code] = new OpenApiResponse
            {
                Description = ReasonPhrases.GetReasonPhrase(status),
                Content = new Dictionary<string, OpenApiMediaType> { [ProblemJson] = new() { Schema = await ProblemSchemaAsync(status, context, ct) } },
            };
        }
    }

    /// <summary>Either scheme authenticates: a bearer token or an API key.</summary>
    public static List<OpenApiSecurityRequirement> Credentials(OpenApiDocument? document) =>
        Schemes.Select(s => new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(s, document)] = [] }).ToList();

    /// <summary>
    /// A second representation of a 200 answer chosen by the Accept header (Produces keeps one type per status code).
    /// </summary>
    public static RouteHandlerBuilder AlsoProducesText(this RouteHandlerBuilder route, string contentType) =>
        route.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (operation.Responses?.TryGetValue("200", out var ok) == true && ok is OpenApiResponse response)
            {
                response.Content ??= new Dictionary<string, OpenApiMediaType>();
                response.Content[contentType] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
            }
            return Task.CompletedTask;
        });

    /// <summary>400s carry the per-field <c>errors</c> map (ApiProblems.Invalid); the other refusals a plain ProblemDetails.</summary>
    /// <summary>A 200 answer whose JSON is one of two shapes, told apart by the request (Produces keeps one type per status code).</summary>
    public static RouteHandlerBuilder ProducesOneOf<TFirst, TSecond>(this RouteHandlerBuilder route) =>
        route.AddOpenApiOperationTransformer(async (operation, context, ct) =>
        {
            if (operation.Responses?.TryGetValue("200", out var ok) != true || ok is not OpenApiResponse response || context.Document is not { } document) return;
            var shapes = new List<IOpenApiSchema>();
            foreach (var type in new[] { typeof(TFirst), typeof(TSecond) })
            {
                if (document.Components?.Schemas?.ContainsKey(type.Name) != true)
                    document.AddComponent(type.Name, await context.GetOrCreateSchemaAsync(type, null, ct));
                shapes.Add(new OpenApiSchemaReference(type.Name, document));
            }
            response.Content ??= new Dictionary<string, OpenApiMediaType>();
            response.Content["application/json"] = new OpenApiMediaType { Schema = new OpenApiSchema { OneOf = shapes } };
        });

    private static async Task<IOpenApiSchema> ProblemSchemaAsync(int status, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var type = status == StatusCodes.Status400BadRequest ? typeof(HttpValidationProblemDetails) : typeof(ProblemDetails);
        if (context.Document is not { } document) return await context.GetOrCreateSchemaAsync(type, null, ct);
        if (document.Components?.Schemas?.ContainsKey(type.Name) != true)
            document.AddComponent(type.Name, await context.GetOrCreateSchemaAsync(type, null, ct));
        return new OpenApiSchemaReference(type.Name, document);
    }
}
