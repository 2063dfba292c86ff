namespace Portal.Web.Security;

/// <summary>
/// The Content-Security-Policy of Portal's responses. Pages load scripts only from Portal itself, plus inline scripts
/// that carry this response's nonce (Blazor's import map, the API reference's start-up module); no eval. Styles allow
/// 'unsafe-inline' because MudBlazor and Plotly set style attributes and inject style elements at run time. The Blazor
/// circuit's websocket is same-origin ('self' covers ws: and wss: to the same host). Everything that is not a page
/// (API, health, metrics, files) gets a policy that allows nothing, as a JSON or CSV body needs nothing.
/// </summary>
public static class ContentSecurityPolicy
{
    public const string Header = "Content-Security-Policy";

    /// <summary>For responses that are data, not documents: nothing may load, nothing may frame them.</summary>
    public const string None = "default-src 'none'; frame-ancestors 'none'";

    /// <summary>The policy of an HTML page whose inline scripts carry <paramref name="nonce"/>.</summary>
    public static string ForPage(string nonce) =>
        "default-src 'self'; " +
        $"script-src 'self' 'nonce-{nonce}'; " +
        "style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data: blob:; " +
        "font-src 'self' data:; " +
        "connect-src 'self'; " +
        "worker-src 'self' blob:; " +
        "object-src 'none'; " +
        "base-uri 'self'; " +
        "form-action 'self'; " +
        "frame-ancestors 'none'";
}
