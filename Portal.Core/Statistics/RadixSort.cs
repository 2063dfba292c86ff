using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Portal.Core.Statistics;

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
        var result = GC.AllocateUninitializedArray<double>(CountFinite(values));
        SortFinite(values, result);
        return result;
    }

    /// <summary>
    /// The finite values of <paramref name="values"/> sorted into the start of <paramref name="destination"/> (which must
    /// have room for every value); returns how many there are.
    /// </summary>
    public static int SortFinite(ReadOnlySpan<double> values, Span<double> destination)
    {
        if (destination.Length < values.Length && destination.Length < CountFinite(values))
            throw new ArgumentException("The destination is shorter than the finite values.", nameof(destination));
        var keys = MemoryMarshal.Cast<double, ulong>(destination);
        if (values.Length <= SmallSort)
        {
            var k = 0;
            foreach (var x in values) if (double.IsFinite(x)) keys[k++] = ToKey(x);
            SortSmall(keys[..k]);
            return k;
        }
        // Keys and all six digit histograms in the one read of the input.
        var counts = new int[Passes * Buckets];
        ref var c0 = ref MemoryMarshal.GetArrayDataReference(counts);
        ref var dst = ref MemoryMarshal.GetReference(keys);
        var n = 0;
        foreach (var x in values)
        {
            if (!double.IsFinite(x)) continue;
            var key = ToKey(x);
            Unsafe.Add(ref dst, n++) = key;
            Count(ref c0, key);
        }
        if (n > 0) Sort(keys[..n], counts);
        return n;
    }

    /// <summary>Sorts <paramref name="values"/> in place; throws on NaN.</summary>
    public static void Sort(Span<double> values)
    {
        var keys = MemoryMarshal.Cast<double, ulong>(values);
        var counts = new int[Passes * Buckets];
        ref var c0 = ref MemoryMarshal.GetArrayDataReference(counts);
        for (var i = 0; i < keys.Length; i++)
        {
            if (double.IsNaN(values[i])) throw new ArgumentException("NaN cannot be sorted.", nameof(values));
            var key = ToKey(values[i]);
            keys[i] = key;
            if (keys.Length > SmallSort) Count(ref c0, key);
        }
        if (keys.Length <= SmallSort) SortSmall(keys);
        else Sort(keys, counts);
    }

    private static int CountFinite(ReadOnlySpan<double> values)
    {
        var n = 0;
        foreach (var x in values) if (double.IsFinite(x)) n++;
        return n;
    }

    /// <summary>Order-preserving map to unsigned integers: flip every bit of a negative number, only the sign of a positive one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ToKey(double x)
    {
        var u = BitConverter.DoubleToUInt64Bits(x);
        return u ^ ((ulong)((long)u >> 63) | SignBit);
    }

    /// <summary>The inverse of <see cref="ToKey"/>, as the double's bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong FromKey(ulong key) => key ^ (((key >> 63) - 1) | SignBit);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Count(ref int c0, ulong key)
    {
        Unsafe.Add(ref c0, (int)(key & (Buckets - 1)))++;
        Unsafe.Add(ref c0, Buckets + (int)((key >> DigitBits) & (Buckets - 1)))++;
        Unsafe.Add(ref c0, 2 * Buckets + (int)((key >> (2 * DigitBits)) & (Buckets - 1)))++;
        Unsafe.Add(ref c0, 3 * Buckets + (int)((key >> (3 * DigitBits)) & (Buckets - 1)))++;
        Unsafe.Add(ref c0, 4 * Buckets + (int)((key >> (4 * DigitBits)) & (Buckets - 1)))++;
        Unsafe.Add(ref c0, 5 * Buckets + (int)(key >> (5 * DigitBits)))++;
    }

    /// <summary>Insertion sort of a few keys, then back to doubles.</summary>
    private static void SortSmall(Span<ulong> keys)
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
        foreach (ref var key in keys) key = FromKey(key);
    }

    /// <summary>LSD passes over the digits that differ between keys; the last pass writes doubles instead of keys.</summary>
    private static void Sort(Span<ulong> keys, int[] counts)
    {
        var n = keys.Length;
        Span<int> passes = stackalloc int[Passes];
        var passCount = 0;
        for (var pass = 0; pass < Passes; pass++)
        {
            // A digit every key shares leaves the order as it is: skip the pass.
            var digit = (int)((keys[0] >> (pass * DigitBits)) & (Buckets - 1));
            if (counts[pass * Buckets + digit] != n) passes[passCount++] = pass;
        }
        if (passCount == 0)
        {
            foreach (ref var key in keys) key = FromKey(key);
            return;
        }

        // The second buffer is pooled: a fresh 8 MB array per sort costs page faults as much as a pass of the sort.
        var scratch = ArrayPool<ulong>.Shared.Rent(n);
        Span<ulong> source = keys, target = scratch.AsSpan(0, n);
        for (var p = 0; p < passCount; p++)
        {
            var pass = passes[p];
            var histogram = counts.AsSpan(pass * Buckets, Buckets);
            var offset = 0;
            for (var b = 0; b < Buckets; b++)
            {
                var count = histogram[b];
                histogram[b] = offset;
                offset += count;
            }
            Scatter(source, target, histogram, pass * DigitBits, last: p == passCount - 1);
            var swap = source;
            source = target;
            target = swap;
        }
        if (passCount % 2 == 1) source.CopyTo(keys);
        ArrayPool<ulong>.Shared.Return(scratch);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Scatter(Span<ulong> source, Span<ulong> target, Span<int> offsets, int shift, bool last)
    {
        ref var src = ref MemoryMarshal.GetReference(source);
        ref var dst = ref MemoryMarshal.GetReference(target);
        ref var start = ref MemoryMarshal.GetReference(offsets);
        var n = source.Length;
        if (last)
        {
            for (var i = 0; i < n; i++)
            {
                var key = Unsafe.Add(ref src, i);
                ref var slot = ref Unsafe.Add(ref start, (int)((key >> shift) & (Buckets - 1)));
                Unsafe.Add(ref dst, slot) = FromKey(key);
                slot++;
            }
            return;
        }
        for (var i = 0; i < n; i++)
        {
            var key = Unsafe.Add(ref src, i);
            ref var slot = ref Unsafe.Add(ref start, (int)((key >> shift) & (Buckets - 1)));
            Unsafe.Add(ref dst, slot) = key;
            slot++;
        }
    }
}
