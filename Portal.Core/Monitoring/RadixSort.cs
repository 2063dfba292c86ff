using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Portal.Core.Monitoring;

/// <summary>
/// LSD radix sort of doubles on their IEEE-754 bit patterns, for the million-row windows a drift run sorts: six passes
/// of 11 bits (fewer when a digit is the same for every value, as for small integers), several times faster than
/// introsort at that size. Values come out in the order of <c>&lt;</c>, with -0.0 before 0.0 (they compare equal), so
/// every statistic computed from the result equals the one computed after <see cref="Array.Sort(Array)"/>.
/// NaN is not accepted; ±infinity sorts to the ends.
/// </summary>
internal static class RadixSort
{
    private const int DigitBits = 11;
    private const int Buckets = 1 << DigitBits;
    private const int Passes = (64 + DigitBits - 1) / DigitBits;
    private const ulong SignBit = 0x8000000000000000UL;

    /// <summary>Below this many values an insertion sort on the keys beats counting 2048 buckets six times.</summary>
    private const int SmallSort = 64;

    /// <summary>The finite values of <paramref name="values"/> (NaN and ±infinity dropped), sorted ascending, in a new array.</summary>
    public static double[] SortFinite(ReadOnlySpan<double> values)
    {
        var n = 0;
        foreach (var x in values) if (double.IsFinite(x)) n++;
        var result = GC.AllocateUninitializedArray<double>(n);
        var keys = MemoryMarshal.Cast<double, ulong>(result.AsSpan());
        var k = 0;
        foreach (var x in values) if (double.IsFinite(x)) keys[k++] = ToKey(x);
        SortKeys(keys);
        return result;
    }

    /// <summary>Sorts <paramref name="values"/> in place; throws on NaN.</summary>
    public static void Sort(Span<double> values)
    {
        var keys = MemoryMarshal.Cast<double, ulong>(values);
        for (var i = 0; i < keys.Length; i++)
        {
            if (double.IsNaN(values[i])) throw new ArgumentException("NaN cannot be sorted.", nameof(values));
            keys[i] = ToKey(values[i]);
        }
        SortKeys(keys);
    }

    /// <summary>Order-preserving map to unsigned integers: flip every bit of a negative number, only the sign of a positive one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ToKey(double x)
    {
        var u = BitConverter.DoubleToUInt64Bits(x);
        return u ^ ((ulong)((long)u >> 63) | SignBit);
    }

    /// <summary>Sorts keys made by <see cref="ToKey"/> and turns them back into doubles in place.</summary>
    private static void SortKeys(Span<ulong> keys)
    {
        if (keys.Length <= SmallSort) InsertionSort(keys);
        else LsdSort(keys);
        foreach (ref var key in keys) key ^= ((key >> 63) - 1) | SignBit;
    }

    private static void InsertionSort(Span<ulong> keys)
    {
        for (var i = 1; i < keys.Length; i++)
        {
            var key = keys[i];
            var j = i - 1;
            while (j >= 0 && keys[j] > key)
            {
                keys[j + 1] = keys[j];
                j--;
            }
            keys[j + 1] = key;
        }
    }

    private static void LsdSort(Span<ulong> keys)
    {
        var n = keys.Length;
        // All six digit histograms in one read of the data.
        var counts = new int[Passes * Buckets];
        ref var c0 = ref MemoryMarshal.GetArrayDataReference(counts);
        foreach (var key in keys)
        {
            Unsafe.Add(ref c0, (int)(key & (Buckets - 1)))++;
            Unsafe.Add(ref c0, Buckets + (int)((key >> DigitBits) & (Buckets - 1)))++;
            Unsafe.Add(ref c0, 2 * Buckets + (int)((key >> (2 * DigitBits)) & (Buckets - 1)))++;
            Unsafe.Add(ref c0, 3 * Buckets + (int)((key >> (3 * DigitBits)) & (Buckets - 1)))++;
            Unsafe.Add(ref c0, 4 * Buckets + (int)((key >> (4 * DigitBits)) & (Buckets - 1)))++;
            Unsafe.Add(ref c0, 5 * Buckets + (int)(key >> (5 * DigitBits)))++;
        }

        // The second buffer is pooled: a fresh 8 MB array per sort costs page faults as much as a pass of the sort.
        var scratch = ArrayPool<ulong>.Shared.Rent(n);
        Span<ulong> source = keys, target = scratch.AsSpan(0, n);
        var inScratch = false;
        for (var pass = 0; pass < Passes; pass++)
        {
            var histogram = counts.AsSpan(pass * Buckets, Buckets);
            var shift = pass * DigitBits;
            // A digit every key shares leaves the order as it is: skip the pass.
            if (histogram[(int)((source[0] >> shift) & (Buckets - 1))] == n) continue;
            var offset = 0;
            for (var b = 0; b < Buckets; b++)
            {
                var count = histogram[b];
                histogram[b] = offset;
                offset += count;
            }
            ref var src = ref MemoryMarshal.GetReference(source);
            ref var dst = ref MemoryMarshal.GetReference(target);
            ref var start = ref MemoryMarshal.GetReference(histogram);
            for (var i = 0; i < n; i++)
            {
                var key = Unsafe.Add(ref src, i);
                ref var slot = ref Unsafe.Add(ref start, (int)((key >> shift) & (Buckets - 1)));
                Unsafe.Add(ref dst, slot) = key;
                slot++;
            }
            var swap = source;
            source = target;
            target = swap;
            inScratch = !inScratch;
        }
        if (inScratch) source.CopyTo(keys);
        ArrayPool<ulong>.Shared.Return(scratch);
    }
}
