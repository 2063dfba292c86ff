using Portal.Core.Monitoring;

namespace Portal.Tests.Core.Monitoring;

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

    [Fact]
    public void Of_EmptySample_Throws()
    {
        Assert.Throws<ArgumentException>(() => SortedComparison.Of([], [1.0]));
        Assert.Throws<ArgumentException>(() => SortedComparison.Of([1.0], []));
    }
}
