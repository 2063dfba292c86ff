using Portal.Core.Drift;
using Portal.Core.Statistics;
using Portal.Tests.Core.Statistics;

namespace Portal.Tests.Core.Drift;

/// <summary>Expected values: scipy 1.10.1 / numpy 1.24.2, printed by tools/reference/drift_reference.py ("all statistics").</summary>
public sealed class NumericStatisticsTests
{
    private static readonly double[] Reference = DriftData.Normals(41, 40000, 0.0, 1.0, 0.01);
    private static readonly double[] Current = DriftData.Normals(42, 40000, 0.03, 1.05, 0.01);

    [Fact]
    public void NumericStatistics_RoundedNormals40000_EqualScipy()
    {
        var profile = ReferenceProfile.Numeric("x", Reference);

        var s = FeatureDriftCalculator.NumericStatistics(profile, Current);

        Assert.Equal((40000, 40000, 715), (s.ReferenceRows, s.CurrentRows, s.DistinctValues));
        Assert.Equal(0.018874999999999975, s.KsStatistic);
        Expect.Close(1.2769545281347323e-06, s.KsPValue);       // kstwo.sf(D, 20000): the trapezoidal Smirnov sum
        Expect.Close(0.047103, s.Wasserstein);
        Expect.Close(0.047394113834713265, s.WassersteinNormed);
        Expect.Close(0.007768735768305297, s.Psi);
        Expect.Close(0.03764024951634935, s.JensenShannon);
        Expect.Close(0.020531613482246174, s.MeanShiftSigma!.Value);
        Assert.Equal(s, FeatureDriftCalculator.NumericStatisticsSorted(profile, ReferenceProfile.SortFinite(Current)));
    }

    [Fact]
    public void NumericSorted_PresortedWindow_SameAsNumeric()
    {
        var profile = ReferenceProfile.Numeric("x", Reference);

        var fromRaw = FeatureDriftCalculator.Numeric(profile, Current);
        var fromSorted = FeatureDriftCalculator.NumericSorted(profile, ReferenceProfile.SortFinite(Current));

        Assert.Equal(fromRaw, fromSorted);
        Assert.Equal(DriftTests.Wasserstein, fromSorted.Test);
        Expect.Close(0.047394113834713265, fromSorted.Statistic);
        Expect.Close(0.007768735768305297, fromSorted.Psi);
    }

    [Fact]
    public void NumericStatistics_FeaturesInParallel_SameAsSequential()
    {
        var profiles = Enumerable.Range(0, 8).Select(i => ReferenceProfile.Numeric($"f{i}", DriftData.Normals(80 + i, 30000, 0, 1 + i))).ToArray();
        var windows = Enumerable.Range(0, 8).Select(i => DriftData.Normals(90 + i, 25000, 0.01 * i, 1 + i, i % 2 == 0 ? 0.01 : null)).ToArray();
        var sequential = profiles.Select((p, i) => FeatureDriftCalculator.NumericStatisticsSorted(p, ReferenceProfile.SortFinite(windows[i]))).ToArray();
        var parallel = new NumericDriftStatistics[profiles.Length];

        // Pooled sort buffers under concurrent use.
        Parallel.For(0, profiles.Length, i => parallel[i] = FeatureDriftCalculator.NumericStatistics(profiles[i], windows[i]));

        Assert.Equal(sequential, parallel);
    }

    [Fact]
    public void KolmogorovSmirnov_FromStatistic_SameAsTestSorted()
    {
        var a = DriftData.Normals(11, 12000).Order().ToArray();
        var b = DriftData.Normals(12, 11000, 0.03).Order().ToArray();

        var fromWalk = KolmogorovSmirnov.FromStatistic(a.Length, b.Length, SortedComparison.Of(a, b).KsStatistic);

        Assert.Equal(KolmogorovSmirnov.TestSorted(a, b), fromWalk);
    }
}
