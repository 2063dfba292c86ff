using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Portal.Core.Statistics;

/// <summary>
/// The rows of a score column ordered by score, highest first, ties in row order: exactly the order of
/// <c>Enumerable.Range(0, n).OrderByDescending(i =&gt; scores[i])</c> (a stable sort under <see cref="Comparer{T}.Default"/>:
/// -0.0 ties with 0.0, NaN ranks below everything), which the ROC walks of <c>BinaryMetrics</c> and
/// <c>PerformanceEstimator</c> follow. An LSD radix sort of the rows on their scores' bit patterns, stable by construction:
/// at a million rows about ten times faster than LINQ's, which calls a key selector and a comparer per comparison.
/// A column sorted once also gives any subset's order (<see cref="Split"/>): a bucket's rows in the sorted column are
/// the bucket sorted alone, ties still in row order.
/// </summary>
public static class ScoreOrder
{
    private const int DigitBits = 11;
    private const int Buckets = 1 << DigitBits;
    private const int Passes = (64 + DigitBits - 1) / DigitBits;
    private const ulong SignBit = 0x8000000000000000UL;

    /// <summary>The row indices of <paramref name="scores"/>, highest score first, ties in row order.</summary>
    public static int[] Descending(ReadOnlySpan<double> scores)
    {
        var n = scores.Length;
        var order = new int[n];
        if (n == 0) return order;
        var keys = ArrayPool<ulong>.Shared.Rent(n);
        var counts = new int[Passes * Buckets];
        try
        {
            for (var i = 0; i < n; i++)
            {
                var key = DescendingKey(scores[i]);
                keys[i] = key;
                order[i] = i;
                for (var pass = 0; pass < Passes; pass++) counts[pass * Buckets + Digit(key, pass)]++;
            }

            Sort(keys.AsSpan(0, n), order, counts);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(keys);
        }

        return order;
    }

    /// <summary>
    /// <paramref name="descending"/> (an order from <see cref="Descending"/>) split by the groups <paramref name="group"/>
    /// puts its rows in (0 to <paramref name="groups"/> - 1): each group's rows in that order, as if sorted alone.
    /// </summary>
    public static int[][] Split(ReadOnlySpan<int> descending, ReadOnlySpan<int> group, int groups)
    {
        var sizes = new int[groups];
        foreach (var g in group) sizes[g]++;
        var result = new int[groups][];
        for (var g = 0; g < groups; g++) result[g] = new int[sizes[g]];
        Array.Clear(sizes);
        foreach (var i in descending)
        {
            var g = group[i];
            result[g][sizes[g]++] = i;
        }

        return result;
    }

    /// <summary>
    /// A key whose ascending unsigned order is the scores' descending order under <see cref="Comparer{T}.Default"/>: -0.0
    /// made 0.0 (they compare equal), every NaN the largest key (NaN compares below everything, and equal to NaN).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong DescendingKey(double score)
    {
        if (double.IsNaN(score)) return ulong.MaxValue;
        var u = BitConverter.DoubleToUInt64Bits(score + 0.0);
        var ascending = u ^ ((ulong)((long)u >> 63) | SignBit);
        return ~ascending;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Digit(ulong key, int pass) => (int)((key >> (pass * DigitBits)) & (Buckets - 1));

    /// <summary>LSD passes over the digits that differ between keys, moving each key with its row.</summary>
    private static void Sort(Span<ulong> keys, int[] order, int[] counts)
    {
        var n = keys.Length;
        var keyScratch = ArrayPool<ulong>.Shared.Rent(n);
        var rowScratch = ArrayPool<int>.Shared.Rent(n);
        try
        {
            Span<ulong> keySource = keys, keyTarget = keyScratch.AsSpan(0, n);
            Span<int> rowSource = order, rowTarget = rowScratch.AsSpan(0, n);
            for (var pass = 0; pass < Passes; pass++)
            {
                // A digit every key shares leaves the order as it is: skip the pass.
                var histogram = counts.AsSpan(pass * Buckets, Buckets);
                if (histogram[Digit(keySource[0], pass)] == n) continue;
                var offset = 0;
                for (var b = 0; b < Buckets; b++)
                {
                    var count = histogram[b];
                    histogram[b] = offset;
                    offset += count;
                }

                Scatter(keySource, rowSource, keyTarget, rowTarget, histogram, pass * DigitBits);
                var keySwap = keySource;
                keySource = keyTarget;
                keyTarget = keySwap;
                var rowSwap = rowSource;
                rowSource = rowTarget;
                rowTarget = rowSwap;
            }

            if (!Unsafe.AreSame(ref MemoryMarshal.GetReference(rowSource), ref MemoryMarshal.GetArrayDataReference(order)))
                rowSource.CopyTo(order);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(keyScratch);
            ArrayPool<int>.Shared.Return(rowScratch);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Scatter(Span<ulong> keys, Span<int> rows, Span<ulong> keyTarget, Span<int> rowTarget, Span<int> offsets, int shift)
    {
        ref var start = ref MemoryMarshal.GetReference(offsets);
        for (var i = 0; i < keys.Length; i++)
        {
            var key = keys[i];
            ref var slot = ref Unsafe.Add(ref start, (int)((key >> shift) & (Buckets - 1)));
            keyTarget[slot] = key;
            rowTarget[slot] = rows[i];
            slot++;
        }
    }
}
