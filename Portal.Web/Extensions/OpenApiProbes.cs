using Microsoft.OpenApi;

namespace Portal.Web.Extensions;

/// <summary>
/// /health/live, /health/ready and /metrics in the OpenAPI document: mapped by the health-check and Prometheus
/// middleware rather than route handlers, so the generator does not see them. Described by hand, with their real credentials.
/// </summary>
public static class OpenApiProbes
{
    private const string ReportSchema = "HealthReport";

    public static void AddTo(OpenApiDocument document, bool metricsAnonymous)
    {
        document.Paths ??= new OpenApiPaths();
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[ReportSchema] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string> { "status", "checks" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["status"] = Text("Healthy, Degraded or Unhealthy."),
                ["checks"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    AdditionalProperties = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Properties = new Dictionary<string, IOpenApiSchema> { ["status"] = Text(null), ["description"] = Text(null) },
                    },
                },
            },
        };
        var report = new OpenApiSchemaReference(ReportSchema, document);
        document.Paths["/health/live"] = Probe(document, "HealthLive", "Liveness: 200 while the process answers (no checks run).", report);
        document.Paths["/health/ready"] = Probe(document, "HealthReady", "Readiness: 200 when the database answers, start-up is done and every champion is loaded; 503 otherwise.", report);

        var metrics = new OpenApiOperation
        {
            OperationId = "Metrics",
            Summary = "Prometheus metrics in the text exposition format" + (metricsAnonymous ? "." : " (a Viewer credential; the API key also as ?api_key=)."),
            Tags = new HashSet<OpenApiTagReference> { new("Ops", document) },
            Security = metricsAnonymous ? [] : OpenApiRules.Credentials(document),
            Responses = new OpenApiResponses { ["200"] = Answer("OK", "text/plain", Text(null)) },
        };
        if (!metricsAnonymous)
            metrics.Responses["401"] = Answer("Unauthorized", "application/problem+json", new OpenApiSchemaReference("ProblemDetails", document));
        document.Paths["/metrics"] = new OpenApiPathItem { Operations = new Dictionary<HttpMethod, OpenApiOperation> { [HttpMethod.Get] = metrics } };
    }

    private static OpenApiPathItem Probe(OpenApiDocument document, string id, string summary, IOpenApiSchema report) => new()
    {
        Operations = new Dictionary<HttpMethod, OpenApiOperation>
        {
            [HttpMethod.Get] = new()
            {
                OperationId = id,
                Summary = summary,
                Tags = new HashSet<OpenApiTagReference> { new("Ops", document) },
                Security = [],
                Responses = new OpenApiResponses
                {
                    ["200"] = Answer("Healthy", "application/json", report),
                    ["503"] = Answer("Unhealthy", "application/json", report),
                },
            },
        },
    };

    private static OpenApiResponse Answer(string description, string mediaType, IOpenApiSchema schema) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType> { [mediaType] = new() { Schema = schema } },
    };

    private static OpenApiSchema Text(string? description) => new() { Type = JsonSchemaType.String, Description = description };
}
