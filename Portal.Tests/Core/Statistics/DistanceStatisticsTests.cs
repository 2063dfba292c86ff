using Portal.Core.Drift;
using Portal.Core.Statistics;
using Portal.Tests.Core.Drift;

namespace Portal.Tests.Core.Statistics;

/// <summary>Expected values: scipy 1.10.1 / numpy 1.24.2, printed by tools/reference/drift_reference.py.</summary>
public sealed class DistanceStatisticsTests
{
    private static double[] Sorted(double[] x)
    {
        var copy = (double[])x.Clone();
        Array.Sort(copy);
        return copy;
    }

    [Fact]
    public void Wasserstein_GeneratedSamples_EqualsScipy()
    {
        var reference = DriftData.Normals(21, 500, 0.0, 2.0);
        var current = DriftData.Normals(22, 400, 0.4, 2.5);
        var std = Moments.StdDev(reference, Moments.Mean(reference));

        Expect.Close(0.38195681376787827, Wasserstein.DistanceSorted(Sorted(reference), Sorted(current)));
        Expect.Close(2.0391417694750804, std);
        Expect.Close(0.18731253485440705, Wasserstein.NormedSorted(Sorted(reference), Sorted(current), std));
    }

    [Fact]
    public void MeanShift_GeneratedSamples_EqualsNumpy()
    {
        var reference = DriftData.Normals(21, 500, 0.0, 2.0);
        var current = DriftData.Normals(22, 400, 0.4, 2.5);
        var mean = Moments.Mean(reference);

        Expect.Close(0.12506244068592787, mean);
        Expect.Close(0.13285040804184978, Moments.Mean(current));
        Expect.Close(0.0038192378149002866, MeanShift.InSigmas(mean, Moments.StdDev(reference, mean), Moments.Mean(current)));
    }

    [Fact]
    public void Numeric_LargeReference_JensenShannonPsiAndWassersteinEqualScipy()
    {
        var reference = DriftData.Normals(23, 2000, 0.0, 1.0);
        var current = DriftData.Normals(24, 1500, 0.25, 1.2);

        var drift = FeatureDriftCalculator.Numeric("x", reference, current);
        var js = JensenShannonOfHistograms(reference, current);

        Assert.Equal(DriftTests.Wasserstein, drift.Test);
        Expect.Close(0.3011030319391121, drift.Statistic);
        Expect.Close(0.1900360481719264, drift.Psi);
        Expect.Close(0.1772791287118025, js);
    }

    private static double JensenShannonOfHistograms(double[] reference, double[] current)
    {
        var r = Sorted(reference);
        var c = Sorted(current);
        var edges = Histogram.Edges(Math.Min(r[0], c[0]), Math.Max(r[^1], c[^1]));
        var rc = new long[30];
        var cc = new long[30];
        Histogram.CountSorted(r, edges, rc);
        Histogram.CountSorted(c, edges, cc);
        return JensenShannon.Distance(rc.Select(x => (double)x / r.Length).ToArray(), cc.Select(x => (double)x / c.Length).ToArray());
    }

    private static readonly string[] Names = ["a", "b", "c", "d", "e"];

    [Fact]
    public void Categorical_ShiftedShares_ChiSquareJensenShannonAndPsiEqualScipy()
    {
        var reference = DriftData.Categories(25, 800, [5, 4, 3, 2, 1], Names);
        var current = DriftData.Categories(26, 600, [4, 4, 3, 3, 2], Names);

        var small = FeatureDriftCalculator.Categorical("c", reference, current);
        var js = FeatureDriftCalculator.Categorical(ReferenceProfile.Categorical("c", Repeat(reference, 2)), current);

        Assert.Equal(DriftTests.ChiSquare, small.Test);
        Expect.Close(33.707610449024756, small.Statistic);
        Expect.Close(8.554924566210247e-07, small.PValue!.Value);
        Expect.Close(0.04885385246766666, small.Psi);
        Assert.Equal(DriftTests.JensenShannon, js.Test);      // 1,600 reference rows: the same shares, the distance test
        Expect.Close(0.09359106339091323, js.Statistic);
    }

    [Fact]
    public void Categorical_NewValueInCurrent_ChiSquareInfiniteAndJensenShannonPsiEqualScipy()
    {
        var reference = DriftData.Categories(25, 800, [5, 4, 3, 2, 1], Names);
        var current = DriftData.Categories(27, 600, [5, 4, 3, 2, 1, 1], [.. Names, "f"]);

        var small = FeatureDriftCalculator.Categorical("c", reference, current);
        var large = FeatureDriftCalculator.Categorical(ReferenceProfile.Categorical("c", Repeat(reference, 2)), current);

        Assert.Equal((double.PositiveInfinity, 0.0, true), (small.Statistic, small.PValue!.Value, small.Drifted));
        Expect.Close(0.42020839009959976, small.Psi);
        Expect.Close(0.18406756218516993, large.Statistic);
        Assert.True(large.Drifted);
    }

    [Fact]
    public void ChiSquare_ThreeCategories_EqualsScipy()
    {
        var reference = DriftData.Categories(28, 200, [3, 2, 1], ["x", "y", "z"]);
        var current = DriftData.Categories(29, 150, [2, 2, 2], ["x", "y", "z"]);

        var drift = FeatureDriftCalculator.Categorical("c", reference, current);

        Assert.Equal(DriftTests.ChiSquare, drift.Test);
        Expect.Close(48.18288204170557, drift.Statistic);
        Expect.Close(3.4452449399946724e-11, drift.PValue!.Value);
    }

    [Theory]
    [InlineData(31, 6.0, 4.0, -2.1067756977861034, 0.035137026998648624)]
    [InlineData(32, 3.0, 7.0, -9.018834815369809, 0.0)]
    public void ZTest_TwoCategories_EqualsEvidentlyOnScipy(int seed, double wNo, double wYes, double z, double p)
    {
        var reference = DriftData.Categories(30, 300, [7, 3], ["no", "yes"]);
        var current = DriftData.Categories(seed, 250, [wNo, wYes], ["no", "yes"]);

        var drift = FeatureDriftCalculator.Categorical("c", reference, current);

        Assert.Equal(DriftTests.ZTest, drift.Test);
        Expect.Close(z, drift.Statistic);
        if (p == 0) Assert.Equal(0.0, drift.PValue!.Value);
        else Expect.Close(p, drift.PValue!.Value);
    }

    [Fact]
    public void ZTest_SameSingleValue_PIsOne()
    {
        var drift = FeatureDriftCalculator.Categorical("c", ["a", "a", null], ["a"]);
        Assert.Equal((DriftTests.ZTest, 1.0, false), (drift.Test, drift.PValue!.Value, drift.Drifted));
    }

    [Fact]
    public void Numeric_FourValues_ChiSquareOnValuesAndPsiEqualScipy()
    {
        var reference = DriftData.Normals(33, 400, 0.0, 0.8).Select(x => Math.Clamp(Math.Floor(x), -2.0, 1.0)).ToArray();
        var current = DriftData.Normals(34, 300, 0.3, 0.8).Select(x => Math.Clamp(Math.Floor(x), -2.0, 1.0)).ToArray();

        var drift = FeatureDriftCalculator.Numeric("n", reference, current);

        Assert.Equal(DriftTests.ChiSquare, drift.Test);
        Expect.Close(16.011729252659485, drift.Statistic);
        Expect.Close(0.0011277226053572672, drift.PValue!.Value);
        Expect.Close(0.05673881237699081, drift.Psi);
    }

    private static string?[] Repeat(string?[] values, int times) => Enumerable.Repeat(values, times).SelectMany(x => x).ToArray();
}
