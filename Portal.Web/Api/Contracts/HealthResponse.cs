using System.Text.Json.Serialization;

namespace Portal.Web.Api.Contracts;

/// <summary>The runbook's health body (snake_case by contract).</summary>
public sealed record HealthResponse(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("model_loaded")] bool ModelLoaded,
    [property: JsonPropertyName("model_name")] string? ModelName);
