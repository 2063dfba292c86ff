namespace Portal.Core.Datasets;

/// <summary>
/// A 64-bit hash of strings and rows (FNV-1a over UTF-16 code units, then MurmurHash3's finaliser so every bit depends on
/// every input bit, as <see cref="HyperLogLog"/> needs). Stable across processes, unlike <see cref="string.GetHashCode()"/>.
/// </summary>
internal static class Fnv64
{
    private const ulong Offset = 14695981039346656037;
    private const ulong Prime = 1099511628211;

    public static ulong Of(string value) => Mix(Add(Offset, value));

    /// <summary>A row's hash: cells separated, a missing cell distinct from an empty string.</summary>
    public static ulong OfRow(string?[] cells)
    {
        var h = Offset;
        foreach (var cell in cells)
        {
            h = cell is null ? (h ^ 0x1F) * Prime : Add((h ^ 0x1E) * Prime, cell);
        }

        return Mix(h);
    }

    private static ulong Add(ulong h, string value)
    {
        foreach (var c in value)
        {
            h = (h ^ (byte)c) * Prime;
            h = (h ^ (byte)(c >> 8)) * Prime;
        }

        return h;
    }

    private static ulong Mix(ulong h)
    {
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccd;
        h ^= h >> 33;
        h *= 0xc4ceb9fe1a85ec53;
        h ^= h >> 33;
        return h;
    }
}
