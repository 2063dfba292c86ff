using System.Text.Json;
using System.Text.Json.Serialization;

namespace Portal.Core.Rollouts;

/// <summary>
/// A rollout's evidence as JSON, for <see cref="RolloutDecision.EvidenceJson"/> and the API: compact (no indentation, no
/// null fields), camelCase, enums by their snake_case names as <see cref="RolloutNames"/> writes them (<c>champion</c>,
/// <c>candidate_better</c>). The builder leaves no NaN or infinity in the evidence; should one slip in, it is written as
/// null (JSON has no such numbers, and the default serializer throws on them).
/// </summary>
public static class RolloutEvidenceJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower), new FiniteDouble(), new FiniteNullableDouble() },
    };

    public static string Write(RolloutEvidence evidence) => JsonSerializer.Serialize(evidence, Options);

    /// <exception cref="JsonException">The text is not a stored evidence.</exception>
    public static RolloutEvidence Read(string json) =>
        JsonSerializer.Deserialize<RolloutEvidence>(json, Options) ?? throw new JsonException("The evidence is empty (null).");

    /// <summary>A double written as a number when finite, else null; read back, null is NaN.</summary>
    private sealed class FiniteDouble : JsonConverter<double>
    {
        public override bool HandleNull => true;

        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (double.IsFinite(value)) writer.WriteNumberValue(value);
            else writer.WriteNullValue();
        }
    }

    /// <summary>A nullable double: null when null or not finite.</summary>
    private sealed class FiniteNullableDouble : JsonConverter<double?>
    {
        public override bool HandleNull => true;

        public override double? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? null : reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double? value, JsonSerializerOptions options)
        {
            if (value is { } v && double.IsFinite(v)) writer.WriteNumberValue(v);
            else writer.WriteNullValue();
        }
    }
}
