using Portal.Core.Drift;
using Portal.Core.Statistics;
using Portal.Tests.Core.Drift;

namespace Portal.Tests.Core.Statistics;

public sealed class HistogramTests
{
    public static TheoryData<double[]> Windows() => new()
    {
        DriftData.Normals(101, 5000, 0.2, 1.5),
        DriftData.Normals(102, 5000, 0, 3, 1.0),                          // integers: many values sit exactly on edges
        DriftData.Normals(103, 3001, 0, 1, 0.1),
        Enumerable.Repeat(4.0, 50).ToArray(),                              // constant: edges 3.5 .. 4.5
        new[] { double.NaN, 1.0, double.PositiveInfinity, -2.0, double.NegativeInfinity, 3.0, 3.0, -0.0, 0.0, 7.5 },
    };

    [Theory]
    [MemberData(nameof(Windows))]
    public void Count_UnsortedValues_SameAsCountSorted(double[] values)
    {
        var sorted = ReferenceProfile.SortFinite(values);
        var edges = Histogram.Edges(sorted[0], sorted[^1]);
        var expected = new long[Histogram.DefaultBins];
        var actual = new long[Histogram.DefaultBins];

        Histogram.CountSorted(sorted, edges, expected);
        Histogram.Count(values, edges, actual);

        Assert.Equal(expected, actual);
        Assert.Equal(sorted.Length, actual.Sum());
    }

    [Theory]
    [MemberData(nameof(Windows))]
    public void BinShares_UnsortedWindow_SameAsSortedShares(double[] current)
    {
        var profile = ReferenceProfile.Numeric("x", DriftData.Normals(104, 4000, 0.5, 2, 0.5));

        var (r, c) = FeatureDriftCalculator.BinShares(profile, current);
        var (rs, cs) = FeatureDriftCalculator.BinSharesSorted(profile.SortedValues, ReferenceProfile.SortFinite(current));

        Assert.Equal(rs, r);
        Assert.Equal(cs, c);
    }

    [Fact]
    public void BinShares_NoFiniteCurrentValue_Throws()
    {
        var profile = ReferenceProfile.Numeric("x", [1.0, 2.0]);

        Assert.Throws<ArgumentException>(() => FeatureDriftCalculator.BinShares(profile, [double.NaN, double.PositiveInfinity]));
    }
}
