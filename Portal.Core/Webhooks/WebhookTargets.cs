using System.Net;
using System.Net.Sockets;

namespace Portal.Core.Webhooks;

/// <summary>
/// Where a webhook may post (SSRF): http or https only, and never to an address inside the portal's own network:
/// loopback, link-local (169.254/16 with the cloud metadata service, fe80::/10), private (10/8, 172.16/12,
/// 192.168/16, fc00::/7), CGNAT (100.64/10), unspecified, multicast or broadcast, also when written as an
/// IPv4-mapped or IPv4-compatible IPv6 address. A host name is judged by every address it resolves to, at
/// registration and again at each delivery (its DNS may change in between).
/// </summary>
public static class WebhookTargets
{
    /// <summary>The URL's syntax: an absolute http(s) URL without user info; the message says what is wrong, or null.</summary>
    public static string? CheckSyntax(string? url, out Uri? uri)
    {
        uri = null;
        if (string.IsNullOrWhiteSpace(url)) return "is required.";
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var parsed))
            return "must be an absolute http or https URL.";
        if (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps)
            return $"must use http or https, not {parsed.Scheme}.";
        if (!string.IsNullOrEmpty(parsed.UserInfo)) return "must not carry a user name or password.";
        uri = parsed;
        return null;
    }

    /// <summary>Resolves the host and refuses it when any of its addresses is not public; the message, or null when allowed.</summary>
    public static async Task<string?> CheckAddressAsync(Uri uri, Func<string, CancellationToken, Task<IPAddress[]>> resolve, CancellationToken ct = default)
    {
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(uri.IdnHost, out var literal) ? [literal] : await resolve(uri.IdnHost, ct);
        }
        catch (SocketException)
        {
            return $"names a host that does not resolve ({uri.Host}).";
        }

        if (addresses.Length == 0) return $"names a host that does not resolve ({uri.Host}).";
        return addresses.FirstOrDefault(IsForbidden) is { } bad
            ? $"resolves to {bad}, a loopback, link-local or private address; webhooks may only post to public addresses (Portal:Webhooks:AllowPrivateTargets allows others)."
            : null;
    }

    public static bool IsForbidden(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) return IsForbidden(address.MapToIPv4());
        if (address.AddressFamily == AddressFamily.InterNetwork) return IsForbiddenV4(address.GetAddressBytes());
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return true;
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.IPv6None) || address.IsIPv6LinkLocal
            || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal) return true;
        var b = address.GetAddressBytes();
        // ::a.b.c.d (IPv4-compatible, deprecated) and 64:ff9b::/96 (NAT64) carry an IPv4 address in their last four bytes.
        var compatible = b.Take(12).All(x => x == 0);
        var nat64 = b[0] == 0 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b.Skip(4).Take(8).All(x => x == 0);
        if (compatible || nat64) return IsForbiddenV4(b[12..]);
        return false;
    }

    private static bool IsForbiddenV4(byte[] b) =>
        b[0] == 0                                   // 0/8: this network, unspecified
        || b[0] == 10                               // 10/8 private
        || b[0] == 127                              // loopback
        || b[0] == 100 && (b[1] & 0xC0) == 64       // 100.64/10 CGNAT
        || b[0] == 169 && b[1] == 254               // link-local, cloud metadata
        || b[0] == 172 && (b[1] & 0xF0) == 16       // 172.16/12 private
        || b[0] == 192 && b[1] == 168               // 192.168/16 private
        || b[0] == 192 && b[1] == 0 && b[2] == 0    // 192.0.0/24 IETF protocol assignments
        || b[0] == 198 && (b[1] & 0xFE) == 18       // 198.18/15 benchmarking
        || b[0] >= 224;                             // multicast, reserved, broadcast
}
