using Portal.Core.Statistics;
using Portal.Tests.Core.Drift;

namespace Portal.Tests.Core.Statistics;

public sealed class SortedComparisonTests
{
    /// <summary>scipy's definitions written out: D over the pooled values with i/n1 - j/n2 in doubles; W term by term.</summary>
    private static (double D, double W, int Distinct) BruteForce(double[] a, double[] b)
    {
        var pooled = a.Concat(b).Distinct().Order().ToArray();
        double max = double.NegativeInfinity, min = double.PositiveInfinity, w = 0;
        for (var k = 0; k < pooled.Length; k++)
        {
            var diff = a.Count(x => x <= pooled[k]) / (double)a.Length - b.Count(x => x <= pooled[k]) / (double)b.Length;
            max = Math.Max(max, diff);
            min = Math.Min(min, diff);
            if (k + 1 < pooled.Length) w += Math.Abs(diff) * (pooled[k + 1] - pooled[k]);
        }
        var minS = Math.Clamp(-min, 0, 1);
        return (minS > max ? minS : max, w, pooled.Length);
    }

    public static TheoryData<double[], double[]> Samples() => new()
    {
        { DriftData.Normals(71, 300), DriftData.Normals(72, 250, 0.2, 1.3) },
        { DriftData.Normals(73, 400, 0, 1, 0.25), DriftData.Normals(74, 400, 0.1, 1, 0.25) },       // ties across samples
        { DriftData.Normals(75, 100, 0, 1, 0.5), DriftData.Normals(76, 700, -0.3, 2, 0.5) },
        { DriftData.Normals(77, 50), DriftData.Normals(78, 60, 10, 1) },                             // disjoint ranges
        { Enumerable.Repeat(2.0, 40).ToArray(), DriftData.Normals(79, 30, 2, 1, 1.0) },               // a constant sample
        { [0.0, -0.0, 1, 1, 2], [-0.0, 0.0, 0.0, 3] },                                               // both zeros are one value
        { [5.0], [5.0] },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Of_SortedSamples_EqualsScipyDefinitions(double[] a, double[] b)
    {
        var sa = a.Order().ToArray();
        var sb = b.Order().ToArray();
        var expected = BruteForce(sa, sb);

        var walk = SortedComparison.Of(sa, sb);
        var swapped = SortedComparison.Of(sb, sa);

        Assert.Equal(expected.D, walk.KsStatistic);
        Expect.Close(expected.W, walk.Wasserstein, 1e-13);
        Assert.Equal(expected.Distinct, walk.DistinctValues);
        Assert.Equal(walk.KsStatistic, swapped.KsStatistic);
        Expect.Close(walk.Wasserstein, swapped.Wasserstein, 1e-15);
    }

    /// <summary>The plain merge, as Portal computed D and W before the walk was fused (term by term, with divisions).</summary>
    private static (double D, double W, int Distinct) PlainMerge(double[] a, double[] b)
    {
        double n1 = a.Length, n2 = b.Length, max = double.NegativeInfinity, min = double.PositiveInfinity, w = 0, comp = 0;
        int i = 0, j = 0, distinct = 0;
        while (i < a.Length || j < b.Length)
        {
            var v = j >= b.Length ? a[i] : i >= a.Length ? b[j] : Math.Min(a[i], b[j]);
            while (i < a.Length && a[i] <= v) i++;
            while (j < b.Length && b[j] <= v) j++;
            distinct++;
            var diff = i / n1 - j / n2;
            max = Math.Max(max, diff);
            min = Math.Min(min, diff);
            if (i >= a.Length && j >= b.Length) break;
            var next = j >= b.Length ? a[i] : i >= a.Length ? b[j] : Math.Min(a[i], b[j]);
            var term = Math.Abs(diff) * (next - v);
            var t = w + term;
            comp += w >= term ? (w - t) + term : (term - t) + w;
            w = t;
        }
        var minS = Math.Clamp(-min, 0, 1);
        return (minS > max ? minS : max, w + comp, distinct);
    }

    public static TheoryData<double[], double[]> LargeSamples() => new()
    {
        { DriftData.Normals(81, 40000), DriftData.Normals(82, 35000, 0.05, 1.1) },                 // split at the median: two walks
        { DriftData.Normals(83, 30000, 0, 1, 0.01), DriftData.Normals(84, 30000, 0.02, 1, 0.01) }, // ties at the split value
        { DriftData.Normals(85, 20000), DriftData.Normals(86, 20000, 50, 1) },                    // the high half has no current values...
        { DriftData.Normals(87, 20000, 50, 1), DriftData.Normals(88, 20000) },                    // ...or all of them
        { Enumerable.Repeat(1.0, 20000).Concat(DriftData.Normals(89, 20000, 5, 1)).ToArray(), DriftData.Normals(90, 16000, 3, 2, 0.5) },
        { DriftData.Normals(91, 16383), DriftData.Normals(92, 16384) },                           // around the size that splits
        { DriftData.Normals(93, 16384), DriftData.Normals(94, 16384, 0, 1, 0.5) },
        { DriftData.Normals(95, 20000, 0, 1e295), DriftData.Normals(96, 20000, 1e294, 1e295) },   // gaps times n1 n2 overflow
        { DriftData.Normals(97, 20000, 0, 1e-300), DriftData.Normals(98, 20000, 0, 2e-300) },     // tiny values stay accurate
    };

    [Theory]
    [MemberData(nameof(LargeSamples))]
    public void Of_LargeSamples_EqualsPlainMerge(double[] a, double[] b)
    {
        var sa = a.Order().ToArray();
        var sb = b.Order().ToArray();
        var expected = PlainMerge(sa, sb);

        var walk = SortedComparison.Of(sa, sb);

        Assert.Equal(expected.D, walk.KsStatistic);
        Expect.Close(expected.W, walk.Wasserstein, 1e-12);
        Assert.Equal(expected.Distinct, walk.DistinctValues);
    }

    [Fact]
    public void Of_EmptySample_Throws()
    {
        Assert.Throws<ArgumentException>(() => SortedComparison.Of([], [1.0]));
        Assert.Throws<ArgumentException>(() => SortedComparison.Of([1.0], []));
    }
}
