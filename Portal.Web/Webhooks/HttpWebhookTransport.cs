using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Portal.Core.Webhooks;

namespace Portal.Web.Webhooks;

/// <summary>
/// Posts deliveries with the <c>webhooks</c> HttpClient. Its handler connects only to addresses
/// <see cref="WebhookTargets"/> allows, resolved at connection time, so a host whose DNS changed after registration
/// (DNS rebinding) is refused too; it follows no redirects (a 3xx is a failed attempt) and sends no cookies.
/// </summary>
public sealed class HttpWebhookTransport(IHttpClientFactory clients, WebhookSettings settings, TimeProvider time) : IWebhookTransport
{
    public const string ClientName = "webhooks";

    public async Task<WebhookAttempt> PostAsync(Uri url, IReadOnlyDictionary<string, string> headers, byte[] body, CancellationToken ct)
    {
        var at = time.GetUtcNow();
        var started = Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(settings.Timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
            request.Headers.UserAgent.ParseAdd("Portal-Webhooks/1");
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return new WebhookAttempt(at, (int)response.StatusCode, null, Elapsed(started));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new WebhookAttempt(at, null, $"Timed out after {settings.Timeout.TotalSeconds:0.#} s.", Elapsed(started));
        }
        catch (HttpRequestException ex)
        {
            var refused = FindRefusal(ex);
            return new WebhookAttempt(at, null, refused is not null ? $"Refused: the URL {refused.Message}" : $"Could not connect: {ex.Message}", Elapsed(started));
        }
    }

    /// <summary>The handler of the <c>webhooks</c> client: resolve, check every address, connect to the checked ones.</summary>
    public static SocketsHttpHandler CreateHandler(WebhookSettings settings, HostResolver resolve) => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        // A proxy would be the address connected to, and the target's own would go unchecked.
        UseProxy = false,
        ConnectTimeout = settings.Timeout,
        ConnectCallback = async (context, ct) =>
        {
            var host = context.DnsEndPoint.Host;
            var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await resolve(host, ct);
            if (!settings.AllowPrivateTargets && addresses.FirstOrDefault(WebhookTargets.IsForbidden) is { } bad)
                throw new WebhookTargetRefusedException($"resolves to {bad}, a loopback, link-local or private address.");
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    private static WebhookTargetRefusedException? FindRefusal(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
            if (ex is WebhookTargetRefusedException refused) return refused;
        return null;
    }

    private static double Elapsed(long started) => Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}
