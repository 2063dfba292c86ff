using System.CommandLine;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Cli.Auth;

namespace Portal.Cli.Http;

/// <summary>
/// One command's connection to the portal: the address and credentials from the options, the environment or the saved
/// login; every request goes through here so that failures become one line and the right exit code.
/// </summary>
internal sealed class PortalSession : IDisposable
{
    private readonly HttpClient _http;
    private readonly Credential _credential;

    private PortalSession(Uri baseUrl, Credential credential, bool json, CliEnvironment environment)
    {
        BaseUrl = baseUrl;
        _credential = credential;
        Json = json;
        Environment = environment;
        _http = environment.Handler is null ? new HttpClient() : new HttpClient(environment.Handler, disposeHandler: false);
        _http.BaseAddress = baseUrl;
        _http.Timeout = environment.Timeout;
    }

    public Uri BaseUrl { get; }

    /// <summary>--json: print the server's JSON as it came, for scripts.</summary>
    public bool Json { get; }

    public CliEnvironment Environment { get; }
    public TextWriter Out => Environment.Out;
    public TextWriter Error => Environment.Error;

    public static PortalSession Open(ParseResult parse, CliEnvironment environment)
    {
        var url = ResolveUrl(parse, environment);
        var key = parse.GetValue<string>(GlobalOptions.ApiKey);
        if (string.IsNullOrWhiteSpace(key)) key = environment.ApiKey;
        var credential = !string.IsNullOrWhiteSpace(key)
            ? new Credential(CredentialKind.ApiKey, key.Trim())
            : TokenStore.For(environment).Read(url) is { } token ? new Credential(CredentialKind.Token, token) : Credential.None;
        return new PortalSession(url, credential, parse.GetValue<bool>(GlobalOptions.Json), environment);
    }

    /// <summary>--url, else PORTAL_URL, else the README's default; always ending in '/' so relative paths keep a path prefix.</summary>
    public static Uri ResolveUrl(ParseResult parse, CliEnvironment environment)
    {
        var text = parse.GetValue<string>(GlobalOptions.Url);
        if (string.IsNullOrWhiteSpace(text)) text = environment.Url;
        if (string.IsNullOrWhiteSpace(text)) text = GlobalOptions.DefaultUrl;
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            throw new PortalCallException(ExitCodes.Usage, $"the portal's address must be an absolute http:// or https:// URL; got '{text}'.");
        return url.AbsolutePath.EndsWith('/') ? url : new Uri(url.GetLeftPart(UriPartial.Path) + "/" + url.Query);
    }

    public static string Escape(string segment) => Uri.EscapeDataString(segment);

    public Task<PortalReply> GetAsync(string path, CancellationToken ct) => SendAsync(new HttpRequestMessage(HttpMethod.Get, path), ct);

    public Task<PortalReply> PostJsonAsync(string path, object? body, CancellationToken ct, bool allowFailure = false) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = body is null ? null : JsonContent.Create(body, options: JsonSerializerOptions.Web) }, ct, allowFailure);

    public Task<PortalReply> PutJsonAsync(string path, object body, CancellationToken ct) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(body, options: JsonSerializerOptions.Web) }, ct);

    /// <summary>Sends and reads the whole answer; a failure throws unless <paramref name="allowFailure"/> (the caller then reads the reply).</summary>
    public async Task<PortalReply> SendAsync(HttpRequestMessage request, CancellationToken ct, bool allowFailure = false)
    {
        using (request)
        {
            using var response = await TransportAsync(request, HttpCompletionOption.ResponseContentRead, ct);
            var reply = await ReadAsync(response, ct);
            if (!reply.Ok && !allowFailure) throw Fail(reply);
            return reply;
        }
    }

    /// <summary>Sends and returns the response as soon as its headers arrive, for bodies streamed straight to the output.</summary>
    public async Task<HttpResponseMessage> StreamAsync(HttpRequestMessage request, CancellationToken ct)
    {
        using (request)
        {
            var response = await TransportAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            if (response.IsSuccessStatusCode) return response;
            using (response) throw Fail(await ReadAsync(response, ct));
        }
    }

    /// <summary>The exception for a refused request; with --json the server's body also goes to standard output, for scripts.</summary>
    public PortalCallException Fail(PortalReply reply)
    {
        if (Json && reply.Json is not null) Out.WriteLine(reply.Body);
        return PortalFailures.From(reply, _credential);
    }

    /// <summary>Prints a successful answer as the server sent it.</summary>
    public void PrintJson(PortalReply reply) => Out.WriteLine(reply.Body);

    private async Task<HttpResponseMessage> TransportAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken ct)
    {
        _credential.Apply(request);
        try
        {
            return await _http.SendAsync(request, completion, ct);
        }
        catch (HttpRequestException ex)
        {
            throw PortalFailures.Unreachable(BaseUrl, ex);
        }
        catch (TaskCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw PortalFailures.Unreachable(BaseUrl, ex);
        }
    }

    private static async Task<PortalReply> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var body = await response.Content.ReadAsStringAsync(ct);
        JsonElement? json = null;
        if (body.Length > 0 && response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                json = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                // Not JSON after all: the caller gets the text.
            }
        }

        return new PortalReply(response.StatusCode, body, json);
    }

    public void Dispose() => _http.Dispose();
}
