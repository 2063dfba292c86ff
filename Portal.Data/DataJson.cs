using System.Text.Json;
using System.Text.Json.Serialization;

namespace Portal.Data;

/// <summary>How JSON columns are written: camelCase, enums by name.</summary>
internal static class DataJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)
        ?? throw new InvalidOperationException($"A stored {typeof(T).Name} is empty.");
}
