using System.Net;
using System.Text.Json;

namespace Portal.Cli.Http;

/// <summary>A whole (non-streamed) answer of the portal: its status, its body as sent, and the body parsed when it is JSON.</summary>
internal sealed record PortalReply(HttpStatusCode Status, string Body, JsonElement? Json)
{
    public bool Ok => (int)Status is >= 200 and < 300;

    public JsonElement Root => Json ?? throw new PortalCallException(ExitCodes.Refused, $"the portal answered {(int)Status} without a JSON body.");
}
