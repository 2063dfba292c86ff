using System.Text.Json;

namespace Portal.Web.Api.Contracts;

/// <summary>The predict body, for the API reference: one row in <c>features</c>, or a batch in <c>instances</c>.</summary>
public sealed record PredictRequest(Dictionary<string, JsonElement>? Features, IReadOnlyList<Dictionary<string, JsonElement>>? Instances);
