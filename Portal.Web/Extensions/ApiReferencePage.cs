namespace Portal.Web.Extensions;

/// <summary>What the API reference page (Scalar, /scalar) adds to its own page: a way back to the portal.</summary>
public static class ApiReferencePage
{
    /// <summary>A bar above the reference with a link to the portal's dashboard (styles inline: the page has no portal CSS).</summary>
    public const string BackLink =
        """<nav style="padding:8px 16px;background:#594ae2;font:14px system-ui,sans-serif"><a href="/" data-testid="api-reference-back" style="color:#fff;text-decoration:none">&larr; Back to Portal</a></nav>""";
}
