using System.Runtime.CompilerServices;

namespace Portal.Core.Rollouts;

/// <summary>
/// The stable 64-bit hash behind sticky assignment: FNV-1a 64 over the rollout id's 16 bytes in RFC 9562 order
/// (big-endian, <c>uuid.bytes</c> in Python) followed by the key's UTF-16 code units, little-endian
/// (<c>key.encode("utf-16-le")</c>), then MurmurHash3's 64-bit finalizer (fmix64) so that every output bit depends on
/// every input bit (FNV alone mixes its low bits poorly). Written here rather than taken from System.IO.Hashing,
/// which Portal does not reference; the same key gives the same value on every replica, platform and release,
/// and tests pin a few values computed independently (tools/reference/sticky_hash.py).
/// </summary>
public static class StickyHash
{
    public const ulong FnvOffset = 0xcbf29ce484222325;
    public const ulong FnvPrime = 0x100000001b3;

    /// <summary>The FNV state after the rollout id: computed once per rollout, the key continues from it.</summary>
    public static ulong Seed(Guid rolloutId)
    {
        Span<byte> bytes = stackalloc byte[16];
        rolloutId.TryWriteBytes(bytes, bigEndian: true, out _);
        var h = FnvOffset;
        foreach (var b in bytes) h = (h ^ b) * FnvPrime;
        return h;
    }

    /// <summary>The hash of (rollout, key): the key's code units folded into <paramref name="seed"/>, then finalized.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Of(ulong seed, ReadOnlySpan<char> key)
    {
        var h = seed;
        foreach (var c in key)
        {
            h = (h ^ (byte)c) * FnvPrime;
            h = (h ^ (byte)(c >> 8)) * FnvPrime;
        }

        return Mix(h);
    }

    public static ulong Of(Guid rolloutId, ReadOnlySpan<char> key) => Of(Seed(rolloutId), key);

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

    /// <summary>
    /// The hash scaled to a bucket in [0, <paramref name="buckets"/>): the high word of hash x buckets, which is
    /// unbiased to within 2^-50 for 10,000 buckets and costs one multiply (no division).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Bucket(ulong hash, int buckets) => (int)Math.BigMul(hash, (ulong)buckets, out _);
}
