using Portal.Core.Drift;
using Portal.Core.Statistics;

namespace Portal.Tests.Core.Drift;

public sealed class DatasetDriftTests
{
    private static FeatureDrift Feature(int i, bool drifted, double? shift = null) =>
        new($"f{i}", FeatureTypes.Numeric, DriftTests.KolmogorovSmirnov, 0.1, drifted ? 0.01 : 0.5, 0.05, drifted, 0.0, shift);

    private static DatasetDrift WithDrifted(int drifted, int total) =>
        DatasetDrift.From(Enumerable.Range(0, total).Select(i => Feature(i, i < drifted)).ToList());

    [Theory]
    [InlineData(29, 100, "ok", false)]
    [InlineData(30, 100, "warning", false)]
    [InlineData(3, 10, "warning", false)]
    [InlineData(49, 100, "warning", false)]
    [InlineData(50, 100, "critical", true)]
    [InlineData(1, 2, "critical", true)]
    [InlineData(0, 5, "ok", false)]
    public void From_DriftedShare_SetsStatusAndDatasetDrift(int drifted, int total, string status, bool detected)
    {
        var result = WithDrifted(drifted, total);
        Assert.Equal((status, detected, (double)drifted / total), (result.Status, result.DatasetDriftDetected, result.DriftShare));
    }

    [Fact]
    public void From_MeanShifts_DriftScoreIsTheLargestAbsoluteShift()
    {
        var result = DatasetDrift.From([Feature(0, false, 0.4), Feature(1, false, -1.7), Feature(2, false, null), Feature(3, true, 1.2)]);
        Assert.Equal((1.7, 1), (result.DriftScore, result.DriftedFeatures));
    }

    [Fact]
    public void From_NoFeatures_IsOk() =>
        Assert.Equal(("ok", 0.0), (DatasetDrift.From([]).Status, DatasetDrift.From([]).DriftScore));
}
