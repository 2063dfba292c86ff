using System.Buffers.Binary;
using System.Security.Cryptography;
using Portal.Core.Serving;

namespace Portal.Core.Predictions;

/// <summary>
/// Prediction ids: RFC 9562 version-7 UUIDs (Unix milliseconds first, so ids sort by time). Their 74 free bits hold a
/// 20-bit sequence number and 54 random bits from a counter passed through a bijective mixer seeded once per process:
/// unique within a process by construction, as unpredictable across processes as random bits, and cheap
/// (<see cref="Guid.CreateVersion7()"/> would ask the operating system for fresh random bytes on every prediction).
/// </summary>
/// <remarks>
/// The millisecond and the sequence number together make the prediction's storage key (<see cref="KeyOf"/>): a
/// positive 63-bit integer that grows with time, so the prediction log is one B-tree ordered by time, appended at its
/// end, and time windows are ranges of it (bench/results/logging.md). Ids of one millisecond differ in their sequence
/// numbers unless a million of them share it.
/// </remarks>
public static class PredictionIds
{
    /// <summary>Bits of the key below the millisecond: the sequence number's.</summary>
    public const int SequenceBits = 20;

    /// <summary>The last millisecond a key can hold (year 2248): 43 bits, so the key stays a positive long.</summary>
    private const long MaxMillisecond = (1L << (63 - SequenceBits)) - 1;

    private static readonly ulong Seed = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
    private static long _counter = (long)(Seed >> 1);

    public static Guid Next(DateTimeOffset at)
    {
        var count = (ulong)Interlocked.Increment(ref _counter);
        var random = Mix(Seed ^ count);
        var sequence = (uint)count & ((1u << SequenceBits) - 1);
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, (ulong)at.ToUnixTimeMilliseconds() << 16 | 0x7000 | sequence >> 8);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], random);
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F)); // the RFC variant
        bytes[9] = (byte)sequence;
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>The storage key of an id from <see cref="Next"/>: its millisecond, then its sequence number.</summary>
    public static long KeyOf(Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        var high = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        var millisecond = Math.Min((long)(high >> 16), MaxMillisecond);
        return millisecond << SequenceBits | (long)(high & 0xFFF) << 8 | bytes[9];
    }

    /// <summary>The millisecond an id was issued in (its first 48 bits).</summary>
    public static long MillisecondOf(Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        return (long)(BinaryPrimitives.ReadUInt64BigEndian(bytes) >> 16);
    }

    /// <summary>The smallest key of <paramref name="millisecond"/>, for time windows: 0 before 1970, the largest key after the last.</summary>
    public static long FirstKeyOf(long millisecond) =>
        millisecond < 0 ? 0 : millisecond > MaxMillisecond ? long.MaxValue : millisecond << SequenceBits;

    /// <summary>The smallest key of the millisecond <paramref name="at"/> falls in.</summary>
    public static long FirstKeyAt(DateTimeOffset at) => FirstKeyOf(at.ToUnixTimeMilliseconds());

    /// <summary>The smallest key after the millisecond <paramref name="at"/> falls in (an exclusive upper bound).</summary>
    public static long EndKeyAt(DateTimeOffset at) => FirstKeyOf(at.ToUnixTimeMilliseconds() + 1);

    /// <summary>The keys [first, end) of the millisecond <paramref name="id"/> was issued in, which hold its row.</summary>
    public static (long First, long End) KeysOfMillisecondOf(Guid id)
    {
        var millisecond = MillisecondOf(id);
        return (FirstKeyOf(millisecond), FirstKeyOf(millisecond + 1));
    }

    /// <summary>SplitMix64's finaliser: a bijection on 64-bit values, so distinct counters give distinct bits.</summary>
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
