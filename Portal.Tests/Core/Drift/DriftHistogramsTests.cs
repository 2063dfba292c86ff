using Portal.Core.Drift;
using Portal.Core.Performance;

namespace Portal.Tests.Core.Drift;

public sealed class DriftHistogramsTests
{
    private static readonly ReferenceProfile Glucose = ReferenceProfile.Numeric("glucose", Enumerable.Range(0, 200).Select(i => (double)i).ToArray());

    [Fact]
    public void Numeric_CurrentInRange_BinsSpanTheTrainingRangeWithoutOverflowBins()
    {
        var h = DriftHistograms.Numeric(Glucose, ReferenceProfile.SortFinite([10, 50, 150]));

        Assert.Equal(DriftHistograms.NumericBins, h.Bins.Count);
        Assert.Equal(0, h.Edges![0]);
        Assert.Equal(199, h.Edges[^1]);
        Assert.False(h.Underflow);
        Assert.False(h.Overflow);
        Assert.Equal(1, h.Current.Sum(), 12);
    }

    [Fact]
    public void Numeric_RecentMinus500_KeepsTheTrainingBinsAndCountsOneUnderflow()
    {
        var current = ReferenceProfile.SortFinite([-500, 10, 50, 150]);

        var h = DriftHistograms.Numeric(Glucose, current);

        Assert.Equal(DriftHistograms.NumericBins + 1, h.Bins.Count);
        Assert.True(h.Underflow);
        Assert.False(h.Overflow);
        Assert.Equal("< 0", h.Bins[0]);
        Assert.Equal(0.25, h.Current[0], 12); // the one underflow value of four
        Assert.Equal(0, h.Reference[0]);
        Assert.Equal(0, h.Edges![0]); // the axis is not stretched to -500
        Assert.Equal(199, h.Edges[^1]);
        Assert.Equal("0–9.95", h.Bins[1]);
        Assert.Equal(1, h.Current.Sum(), 12);
        Assert.Equal(1, h.Reference.Sum(), 12);
    }

    [Fact]
    public void Numeric_AboveTheRange_CountsAnOverflowBinLast()
    {
        var h = DriftHistograms.Numeric(Glucose, ReferenceProfile.SortFinite([10, 400, 900]));

        Assert.True(h.Overflow);
        Assert.Equal("> 199", h.Bins[^1]);
        Assert.Equal(2.0 / 3, h.Current[^1], 12);
    }

    [Fact]
    public void Numeric_DriftStatisticsStillBinBothSamples()
    {
        // The statistics' own bins (checked against scipy) still span reference and current together.
        var (reference, current) = FeatureDriftCalculator.BinSharesSorted(Glucose.SortedValues, ReferenceProfile.SortFinite([-500, 10, 50, 150]));
        Assert.Equal(1, current.Sum(), 12);
        Assert.Equal(1, reference.Sum(), 12);
        Assert.True(current[0] > 0); // -500 sits in the first shared bin, not dropped
    }
}
