using System.Text.Json.Serialization;

namespace Portal.Web.Api.Contracts;

/// <summary>The runbook's reload-model body (snake_case by contract); error fields are left out on success.</summary>
public sealed record ReloadResponse(
    [property: JsonPropertyName("ok")] bool Ok,
    [property: JsonPropertyName("model")] string? Model,
    [property: JsonPropertyName("version")] int? Version,
    [property: JsonPropertyName("auc")] double? Auc,
    [property: JsonPropertyName("min_auc"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? MinAuc,
    [property: JsonPropertyName("error"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error,
    [property: JsonPropertyName("rejected"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Rejected);
