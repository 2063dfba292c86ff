using System.Text.Json.Serialization;

namespace Portal.Web.Api.Contracts;

/// <summary><c>GET /api/ml/status</c> (seed 000): the /ops/model-status body of every model.</summary>
public sealed record MlStatusResponse(
    [property: JsonPropertyName("models")] IReadOnlyList<ModelStatusResponse> Models);
