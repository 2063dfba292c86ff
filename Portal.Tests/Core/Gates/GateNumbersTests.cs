using Portal.Core.Gates;
using Portal.Core.Training;

namespace Portal.Tests.Core.Gates;

public sealed class GateNumbersTests
{
    private static ModelMetrics Metrics(double auc = 0.8, double brier = 0.15) => new(auc, 0.6, 0.8, 0.6, 0.6, brier, 0.45, 500, 2000);

    [Fact]
    public void Evaluate_MinAucApart_ThreeDecimalsLikeTheRestOfThePortal()
    {
        var result = GateEvaluator.Evaluate(new ModelGates(MinAuc: 0.9), Metrics(auc: 0.84567), null, [], "alice").Single();

        Assert.Equal("Test AUC 0.846 is below the minimum 0.900.", result.Message);
    }

    [Fact]
    public void Evaluate_MinAucEqualAtThreeDecimals_AsManyDecimalsAsTellThemApart()
    {
        var result = GateEvaluator.Evaluate(new ModelGates(MinAuc: 0.865), Metrics(auc: 0.8649), null, [], "alice").Single();

        // Not "0.865 is below the minimum 0.865".
        Assert.Equal("Test AUC 0.8649 is below the minimum 0.8650.", result.Message);
    }

    [Fact]
    public void Evaluate_BrierDegradation_ThreeDecimalsSigned()
    {
        var result = GateEvaluator.Evaluate(new ModelGates(MaxBrierDegradation: 0.005), Metrics(brier: 0.1612), Metrics(brier: 0.15), [], "alice").Single();

        Assert.Equal("Brier 0.161 against the champion's 0.150 (+0.011): worse than the allowed degradation of 0.005.", result.Message);
    }

    [Theory]
    [InlineData(0.8649, 0.865, "0.8649", "0.8650")]
    [InlineData(0.86501, 0.865, "0.86501", "0.86500")]
    [InlineData(0.12345, 0.6789, "0.123", "0.679")]
    [InlineData(0.865, 0.865, "0.865", "0.865")]
    public void Pair_Values_FewestDecimalsFromThreeThatTellThemApart(double value, double other, string expectedValue, string expectedOther) =>
        Assert.Equal((expectedValue, expectedOther), GateNumbers.Pair(value, other));
}
