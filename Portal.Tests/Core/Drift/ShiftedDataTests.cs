using Portal.Core.Drift;

namespace Portal.Tests.Core.Drift;

public sealed class ShiftedDataTests
{
    [Theory]
    [InlineData(800, 600, "ks")]
    [InlineData(5000, 5000, "wasserstein")]
    public void Numeric_MeanShiftedByHalfASigma_IsFlagged(int referenceRows, int currentRows, string test)
    {
        var reference = DriftData.Normals(60, referenceRows, 10, 2);
        var current = DriftData.Normals(61, currentRows, 11, 2);

        var drift = FeatureDriftCalculator.Numeric("x", reference, current);

        Assert.Equal((test, true), (drift.Test, drift.Drifted));
        Assert.InRange(drift.MeanShiftSigma!.Value, 0.35, 0.65);
        Assert.True(DatasetDrift.From([drift]).DatasetDriftDetected);
    }

    [Theory]
    [InlineData(800, "chisquare")]
    [InlineData(5000, "jensenshannon")]
    public void Categorical_NewCategoryWithAFifthOfTheRows_IsFlagged(int rows, string test)
    {
        string[] names = ["a", "b", "c"];
        var reference = DriftData.Categories(62, rows, [5, 3, 2], names);
        var current = DriftData.Categories(63, rows, [4, 2.4, 1.6, 2], [.. names, "new"]);

        var drift = FeatureDriftCalculator.Categorical("c", reference, current);

        Assert.Equal((test, true, true), (drift.Test, drift.Drifted, drift.PsiDrifted));
    }
}
