using System.Security.Cryptography;
using System.Text;

namespace Portal.Core.Webhooks;

/// <summary>
/// The signature of a delivery, as Stripe signs theirs: <c>X-Portal-Signature: t=UNIX,v1=HEX</c> where HEX is
/// HMAC-SHA256 with the webhook's secret over <c>t + "." + body</c> (the same t is also sent as <c>X-Portal-Timestamp</c>).
/// Signing the timestamp lets a receiver refuse a replayed delivery by its age.
/// </summary>
public static class WebhookSigner
{
    public const string EventHeader = "X-Portal-Event";
    public const string DeliveryHeader = "X-Portal-Delivery";
    public const string TimestampHeader = "X-Portal-Timestamp";
    public const string SignatureHeader = "X-Portal-Signature";

    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{timestamp}.");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return $"t={timestamp},v1={Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed))}";
    }

    /// <summary>Checks a signature in constant time (for receivers written in .NET, and for the tests).</summary>
    public static bool Verify(string secret, long timestamp, ReadOnlySpan<byte> body, string signature) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(secret, timestamp, body)), Encoding.ASCII.GetBytes(signature));
}
