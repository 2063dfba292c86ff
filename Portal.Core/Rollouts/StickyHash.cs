using System.Runtime.CompilerServices;
using Portal.Core.Common;

namespace Portal.Core.Rollouts;

/// <summary>
/// The stable 64-bit hash behind sticky assignment: FNV-1a 64 over the rollout id's 16 bytes in RFC 9562 order
/// (big-endian, <c>uuid.bytes</c> in Python) followed by the key's UTF-16 code units, little-endian
/// (<c>key.encode("utf-16-le")</c>), then MurmurHash3's 64-bit finalizer: <see cref="Fnv1a64"/>, written in Portal
/// rather than taken from System.IO.Hashing, which Portal does not reference. The same key gives the same value on every replica, platform and release,
/// and tests pin a few values computed independently (tools/reference/sticky_hash.py).
/// </summary>
public static class StickyHash
{
    /// <summary>The FNV state after the rollout id: computed once per rollout, the key continues from it.</summary>
    public static ulong Seed(Guid rolloutId)
    {
        Span<byte> bytes = stackalloc byte[16];
        rolloutId.TryWriteBytes(bytes, bigEndian: true, out _);
        var h = Fnv1a64.Offset;
        foreach (var b in bytes) h = Fnv1a64.Add(h, b);
        return h;
    }

    /// <summary>The hash of (rollout, key): the key's code units folded into <paramref name="seed"/>, then finalized.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Of(ulong seed, ReadOnlySpan<char> key) => Fnv1a64.Mix(Fnv1a64.Add(seed, key));

    public static ulong Of(Guid rolloutId, ReadOnlySpan<char> key) => Of(Seed(rolloutId), key);

    /// <summary>
    /// The hash scaled to a bucket in [0, <paramref name="buckets"/>): the high word of hash x buckets, which is
    /// unbiased to within 2^-50 for 10,000 buckets and costs one multiply (no division).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Bucket(ulong hash, int buckets) => (int)Math.BigMul(hash, (ulong)buckets, out _);
}
