using Portal.Core.Registry;

namespace Portal.Tests.Core.Registry;

/// <summary>
/// The ensemble arithmetic on small literal inputs. The expected means and AUCs are scikit-learn's
/// (tools/reference/ensemble_reference.py, roc_auc_score), and agree with counting the (positive, negative) pairs
/// ranked correctly by hand.
/// </summary>
public sealed class EnsembleScoringTests
{
    private static readonly bool[] Actual = [true, false, true, false, true, false];
    private static readonly double[] P1 = [0.9, 0.8, 0.4, 0.3, 0.6, 0.2];
    private static readonly double[] P2 = [0.6, 0.1, 0.7, 0.5, 0.2, 0.4];
    private static readonly double[] P3 = [0.5, 0.5, 0.5, 0.5, 0.9, 0.1];

    [Fact]
    public void Normalise_DividesByTheSum()
    {
        Assert.Equal([0.25, 0.75], EnsembleScoring.Normalise([1, 3]));
        Assert.Equal([0.5, 0.5], EnsembleScoring.Normalise([0.2, 0.2]));
        Assert.Equal([1 / 6.0, 0.5, 1 / 3.0], EnsembleScoring.Normalise([1, 3, 2]), new ToleranceComparer(1e-15));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Normalise_RefusesAWeightThatIsNotFiniteAndPositive(double bad) =>
        Assert.Throws<ArgumentException>(() => EnsembleScoring.Normalise([1, bad]));

    [Fact]
    public void WeightedMean_IsTheShareWeightedSumPerRow()
    {
        var mean = EnsembleScoring.WeightedMean([P1, P2], [1, 3]);

        Assert.Equal([0.675, 0.275, 0.625, 0.45, 0.3, 0.35], mean, new ToleranceComparer(1e-12));
    }

    [Fact]
    public void WeightedMean_WithoutAComponent_RenormalisesTheOthers()
    {
        // Weights 1, 3, 2 without the second: shares 1/3 and 2/3.
        var mean = EnsembleScoring.WeightedMean([P1, P2, P3], [1, 3, 2], c => c != 1);

        Assert.Equal(P1.Zip(P3, (a, b) => a / 3 + 2 * b / 3), mean, new ToleranceComparer(1e-12));
    }

    [Fact]
    public void LeaveOneOut_IsTheEnsembleAucMinusTheAucWithoutEachComponent()
    {
        // The three-way mean ranks every pair correctly (AUC 1). Without v1 or v2 the rest rank 8 of 9 pairs (8/9);
        // without v3 only 7 of 9 (7/9): v3 contributes most.
        Assert.Equal(1.0, EnsembleScoring.Auc(Actual, EnsembleScoring.WeightedMean([P1, P2, P3], [1, 3, 2])), 12);

        var contributions = EnsembleScoring.LeaveOneOut(Actual, [P1, P2, P3], [1, 3, 2]);

        Assert.Equal([1 / 9.0, 1 / 9.0, 2 / 9.0], contributions, new ToleranceComparer(1e-12));
    }

    [Fact]
    public void LeaveOneOut_OfTwoComponents_ComparesWithTheOtherAlone()
    {
        var full = EnsembleScoring.Auc(Actual, EnsembleScoring.WeightedMean([P1, P2], [1, 3]));

        var contributions = EnsembleScoring.LeaveOneOut(Actual, [P1, P2], [1, 3]);

        Assert.Equal(full - EnsembleScoring.Auc(Actual, P2), contributions[0], 12);
        Assert.Equal(full - EnsembleScoring.Auc(Actual, P1), contributions[1], 12);
        Assert.Equal(7 / 9.0, EnsembleScoring.Auc(Actual, P1), 12);
        // scikit-learn: the two-way mean and each component alone all rank 7 of 9 pairs, so neither adds anything.
        Assert.Equal(0.7777777777777778, full, 12);
        Assert.Equal([0.0, 0.0], contributions, new ToleranceComparer(1e-12));
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
