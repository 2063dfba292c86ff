using Portal.Core.Datasets;
using Portal.Web.Components.Pages.Datasets;

namespace Portal.Tests.Components;

/// <summary><see cref="FrequentValues"/>: which text columns' top values are worth listing, for exact and sketched profiles.</summary>
public sealed class FrequentValuesTests
{
    private static ColumnProfile Text(int distinct, int missing, params int[] topCounts) =>
        new("c", ColumnType.Text, missing, distinct, null, topCounts.Select((n, i) => new CategoryCount($"v{i}", n)).ToList(), null,
            DistinctEstimated: true, TopCategoriesEstimated: true);

    [Fact]
    public void Meaningful_SketchedAllDistinctColumnWithMisraGriesCountsOfOne_IsFalse() =>
        Assert.False(FrequentValues.Meaningful(Text(149_200, 0, 1, 1, 1, 1, 1), 150_000));

    [Fact]
    public void Meaningful_NinetyPercentDistinctOfTheNonMissing_IsFalse()
    {
        // 100k rows, half missing: 45k distinct of 50k present is "nearly all distinct" even with a value seen 3 times.
        Assert.False(FrequentValues.Meaningful(Text(45_000, 50_000, 3, 2), 100_000));
        Assert.True(FrequentValues.NearlyDistinct(Text(45_000, 50_000, 3, 2), 100_000));
    }

    [Fact]
    public void Meaningful_TopCountsAllOneButFewDistinct_IsFalse() =>
        Assert.False(FrequentValues.Meaningful(Text(1_000, 0, 1, 1), 150_000));

    [Fact]
    public void Meaningful_RepeatedCategories_IsTrue()
    {
        Assert.True(FrequentValues.Meaningful(Text(12, 0, 90_000, 40_000, 20_000), 150_000));
        Assert.False(FrequentValues.NearlyDistinct(Text(12, 0, 90_000, 40_000, 20_000), 150_000));
    }

    [Fact]
    public void Meaningful_NoTopValues_IsFalse() =>
        Assert.False(FrequentValues.Meaningful(Text(0, 10), 10));
}
