using Portal.Core.Drift;
using Portal.Core.Statistics;

namespace Portal.Tests.Core.Drift;

public sealed class DriftTestSelectorTests
{
    [Theory]
    [InlineData("numeric", 1000, 6, "ks")]
    [InlineData("numeric", 1000, 5, "chisquare")]
    [InlineData("numeric", 1000, 3, "chisquare")]
    [InlineData("numeric", 1000, 2, "z")]
    [InlineData("numeric", 1000, 1, "z")]
    [InlineData("categorical", 1000, 3, "chisquare")]
    [InlineData("categorical", 1000, 2, "z")]
    [InlineData("numeric", 1001, 6, "wasserstein")]
    [InlineData("numeric", 1001, 5, "jensenshannon")]
    [InlineData("categorical", 1001, 2, "jensenshannon")]
    [InlineData("categorical", 1001, 50, "jensenshannon")]
    public void Select_TypeRowsAndDistinctValues_ChoosesEvidentlysTest(string type, long rows, long distinct, string expected) =>
        Assert.Equal(expected, DriftTestSelector.Select(type, rows, distinct));

    [Fact]
    public void Select_UnknownType_Throws() =>
        Assert.Throws<ArgumentException>(() => DriftTestSelector.Select("text", 10, 10));

    [Fact]
    public void Numeric_MissingValues_AreDroppedBeforeCountingRowsAndValues()
    {
        // 1,000 finite reference rows plus missing ones stays a "small" reference: KS, not Wasserstein.
        var reference = DriftData.Normals(50, 1000).Concat([double.NaN, double.PositiveInfinity, double.NaN]).ToArray();
        var current = DriftData.Normals(51, 300).Concat([double.NaN]).ToArray();

        var drift = FeatureDriftCalculator.Numeric("x", reference, current);

        Assert.Equal(DriftTests.KolmogorovSmirnov, drift.Test);
        Assert.Equal(KolmogorovSmirnov.Test(DriftData.Normals(50, 1000), DriftData.Normals(51, 300)).PValue, drift.PValue);
    }

    [Fact]
    public void Numeric_DistinctValuesOfBothSamples_DecideTheCountTests()
    {
        // reference holds {0, 1}, current adds 2: three values in the union, so chi-square rather than z.
        double[] reference = [0, 1, 0, 1, 1];
        double[] current = [0, 2, 1];
        Assert.Equal(DriftTests.ChiSquare, FeatureDriftCalculator.Numeric("x", reference, current).Test);
        Assert.Equal(DriftTests.ZTest, FeatureDriftCalculator.Numeric("x", reference, [0.0, 1.0]).Test);
    }
}
