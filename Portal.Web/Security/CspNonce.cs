using System.Security.Cryptography;

namespace Portal.Web.Security;

/// <summary>The per-request nonce that inline scripts carry (App.razor's import map, the API reference page).</summary>
public static class CspNonce
{
    private static readonly object Key = new();

    /// <summary>This request's nonce, created on first use: 128 random bits in hex (no '+' or '/' for HTML to escape).</summary>
    public static string GetCspNonce(this HttpContext context)
    {
        if (context.Items.TryGetValue(Key, out var existing) && existing is string nonce) return nonce;
        nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        context.Items[Key] = nonce;
        return nonce;
    }
}
