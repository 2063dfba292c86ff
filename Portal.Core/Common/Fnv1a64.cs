using System.Runtime.CompilerServices;

namespace Portal.Core.Common;

/// <summary>
/// FNV-1a 64 over UTF-16 code units (little-endian bytes, as <c>text.encode("utf-16-le")</c> in Python), and MurmurHash3's
/// 64-bit finaliser: FNV alone mixes its low bits poorly, and sticky buckets and HyperLogLog need every output bit to
/// depend on every input bit. Stable across processes, platforms and releases, unlike <see cref="string.GetHashCode()"/>.
/// </summary>
public static class Fnv1a64
{
    public const ulong Offset = 0xcbf29ce484222325;
    public const ulong Prime = 0x100000001b3;

    /// <summary>Folds <paramref name="text"/>'s code units into the state <paramref name="h"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Add(ulong h, ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            h = (h ^ (byte)c) * Prime;
            h = (h ^ (byte)(c >> 8)) * Prime;
        }

        return h;
    }

    /// <summary>Folds one byte into the state <paramref name="h"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Add(ulong h, byte b) => (h ^ b) * Prime;

    /// <summary>MurmurHash3's fmix64.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong h)
    {
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccd;
        h ^= h >> 33;
        h *= 0xc4ceb9fe1a85ec53;
        h ^= h >> 33;
        return h;
    }
}
