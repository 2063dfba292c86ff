using System.Text.Json;

namespace Portal.Core.Webhooks;

/// <summary>The JSON body of a delivery: <c>{"type", "model", "occurredAt", "data"}</c>, in camelCase.</summary>
public static class WebhookPayload
{
    public const string Ping = "ping";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static string Write(WebhookEvent e) =>
        JsonSerializer.Serialize(new { type = e.Type, model = e.Model, occurredAt = e.OccurredAt, data = e.Data }, Json);
}
