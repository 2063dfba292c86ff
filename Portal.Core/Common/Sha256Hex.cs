using System.Security.Cryptography;
using System.Text;

namespace Portal.Core.Common;

/// <summary>Lower-case hexadecimal SHA-256, the one fingerprint used for datasets, artefacts and API keys.</summary>
public static class Sha256Hex
{
    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static string Of(string text) => Of(Encoding.UTF8.GetBytes(text));

    public static string OfFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
