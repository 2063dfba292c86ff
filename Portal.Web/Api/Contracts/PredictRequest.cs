using System.Text.Json;

namespace Portal.Web.Api.Contracts;

/// <summary>
/// The predict body, for the API reference: one row in <c>features</c>, or a batch in <c>instances</c>. Properties, not
/// constructor parameters, so the document marks neither as required (a client sends one of the two).
/// </summary>
public sealed class PredictRequest
{
    public Dictionary<string, JsonElement>? Features { get; init; }

    public IReadOnlyList<Dictionary<string, JsonElement>>? Instances { get; init; }
}
