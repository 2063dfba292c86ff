using System.Security.Cryptography;

namespace Portal.Core.Serving;

/// <summary>
/// Prediction ids: RFC 9562 version-7 UUIDs (Unix milliseconds first, so ids sort by time), whose 74 random bits come
/// from a counter passed through a bijective mixer seeded once per process. Unique within a process by construction
/// and as unpredictable across processes as random bits; <see cref="Guid.CreateVersion7()"/> would ask the operating
/// system for fresh random bytes on every prediction, which is measurable on the predict path.
/// </summary>
public static class PredictionIds
{
    private static readonly ulong Seed = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
    private static long _counter;

    public static Guid Next(DateTimeOffset at)
    {
        var bits = Mix(Seed + (ulong)Interlocked.Increment(ref _counter));
        var ms = (ulong)at.ToUnixTimeMilliseconds();
        var randA = (ushort)(bits >> 52);          // 12 bits
        var randB = bits & 0x3FFF_FFFF_FFFF_FFFF; // 62 bits (the mixer's low bits; the top 12 went to randA)
        return new Guid(
            (int)(ms >> 16),
            (short)(ms & 0xFFFF),
            (short)(0x7000 | randA),
            (byte)(0x80 | (byte)(randB >> 56)),
            (byte)(randB >> 48), (byte)(randB >> 40), (byte)(randB >> 32),
            (byte)(randB >> 24), (byte)(randB >> 16), (byte)(randB >> 8), (byte)randB);
    }

    /// <summary>SplitMix64's finaliser: a bijection on 64-bit values, so distinct counters give distinct bits.</summary>
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
