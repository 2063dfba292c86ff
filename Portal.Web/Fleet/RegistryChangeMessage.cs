using System.Text.Json;
using System.Text.Json.Serialization;
using Portal.Core.Fleet;

namespace Portal.Web.Fleet;

/// <summary>The payload of a <c>NOTIFY portal_changes</c>: the change and the replica that made it (which ignores its own).</summary>
public sealed record RegistryChangeMessage(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("model")] string? Model,
    [property: JsonPropertyName("key")] int? Key,
    [property: JsonPropertyName("user")] string? User,
    [property: JsonPropertyName("replica")] string Replica,
    [property: JsonPropertyName("version")] int? Version = null)
{
    public const string Channel = "portal_changes";

    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static RegistryChangeMessage Of(RegistryChange change, string replica) => new(change.Kind, change.Model, change.Key, change.User, replica, change.Version);

    public RegistryChange Change => new(Kind, Model, Key, User, Version);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The message, or null when the payload is not one (another program on the channel): it is ignored.</summary>
    public static RegistryChangeMessage? Parse(string payload)
    {
        try
        {
            var message = JsonSerializer.Deserialize<RegistryChangeMessage>(payload, Json);
            return message is { Kind: not null, Replica: not null } ? message : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
