using System.Text;

namespace Portal.Web.Security;

/// <summary>
/// Scalar's API reference page (/scalar/) starts itself with an inline module script that Scalar.AspNetCore 2.19 renders
/// without a nonce. Rather than allow every inline script, this gives the page's script elements this request's nonce.
/// Only the page itself (a small HTML document, a path without a file extension) is buffered; Scalar's files pass through.
/// </summary>
public sealed class ApiReferenceNonceMiddleware(RequestDelegate next)
{
    public const string Path = "/scalar";

    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (!path.StartsWithSegments(Path) || System.IO.Path.HasExtension(path.Value))
        {
            await next(context);
            return;
        }

        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        if (context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) != true)
        {
            buffer.Position = 0;
            await buffer.CopyToAsync(original, context.RequestAborted);
            return;
        }

        var html = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length)
            .Replace("<script", $"<script nonce=\"{context.GetCspNonce()}\"", StringComparison.OrdinalIgnoreCase);
        var bytes = Encoding.UTF8.GetBytes(html);
        context.Response.ContentLength = bytes.Length;
        await original.WriteAsync(bytes, context.RequestAborted);
    }
}
