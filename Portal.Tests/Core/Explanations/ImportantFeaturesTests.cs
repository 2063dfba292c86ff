using Portal.Core.Explanations;

namespace Portal.Tests.Core.Explanations;

public class ImportantFeaturesTests
{
    private static PermutationImportanceResult Result(params (string Name, double Mean)[] features) =>
        new(0.9, 5, 1, 100, features.Select(f => new FeatureImportance(f.Name, f.Mean, 0.01)).ToList());

    [Fact]
    public void Of_TopThreeAndAnyAtTenPercentOfTheTotal()
    {
        // Total positive importance 1 (exact in binary): d holds 12.5% (fourth), e and f 6.25% each.
        var important = ImportantFeatures.Of(Result(("e", 0.0625), ("a", 0.3125), ("b", 0.25), ("c", 0.1875), ("d", 0.125), ("f", 0.0625), ("g", -0.02)));

        Assert.Equal(["a", "b", "c", "d"], important.Keys.Order());
        Assert.Equal(1, important["a"].Rank);
        Assert.Equal(4, important["d"].Rank);
        Assert.Equal(0.125, important["d"].Share, 1e-12);
    }

    [Fact]
    public void Of_NonPositiveImportanceIsNeverImportant()
    {
        var important = ImportantFeatures.Of(Result(("a", 0.05), ("b", 0), ("c", -0.01)));

        Assert.Equal(["a"], important.Keys);
    }

    [Fact]
    public void Of_None_IsEmpty()
    {
        Assert.Empty(ImportantFeatures.Of(null));
    }
}
