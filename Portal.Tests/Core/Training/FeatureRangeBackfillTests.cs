using Portal.Core.Datasets;
using Portal.Core.Training;

namespace Portal.Tests.Core.Training;

public sealed class FeatureRangeBackfillTests
{
    [Fact]
    public void WithRanges_NumericFeaturesWithoutRange_GetTheRangesTrainingComputes()
    {
        var table = SampleTables.Sample("breast_cancer.csv");
        var trained = FeatureSchemaBuilder.Build(table, "diagnosis").Schema;
        var old = new FeatureSchema(trained.Features.Select(f => f with { Range = null }).ToList());

        var filled = FeatureRangeBackfill.WithRanges(old, table, "diagnosis");

        Assert.NotNull(filled);
        Assert.Equal(trained.Features.Select(f => f.Range), filled!.Features.Select(f => f.Range));
        // mean_radius ranges 6.981..28.11 in breast_cancer.csv (pandas).
        var radius = filled.Features.Single(f => f.Name == "mean_radius").Range!;
        Assert.Equal((6.981, 28.11), (radius.Min, radius.Max));
    }

    [Fact]
    public void WithRanges_OverTheLabelledRowsOnly_AndKeepsARangeAlreadyThere()
    {
        // The third row has no label: training drops it, so its 1000 is not part of the range.
        var table = SampleTables.FromText("x,y,label\n1,5,a\n3,7,b\n1000,9,\n2,6,a\n4,8,b\n");
        var kept = new FeatureRange(0, 1, 0.5, 0.5, 2);
        var old = new FeatureSchema([new FeatureSpec("x", ColumnType.Numeric), new FeatureSpec("y", ColumnType.Numeric, Range: kept)]);

        var filled = FeatureRangeBackfill.WithRanges(old, table, "label")!;

        Assert.Equal((1, 4, 4), (filled.Features[0].Range!.Min, filled.Features[0].Range!.Max, filled.Features[0].Range!.Count));
        Assert.Same(kept, filled.Features[1].Range);
    }

    [Fact]
    public void WithRanges_NoSuchLabelOrNothingToFill_ReturnsNull()
    {
        var table = SampleTables.FromText("x,label\n1,a\n2,b\n");
        var old = new FeatureSchema([new FeatureSpec("x", ColumnType.Numeric)]);

        Assert.Null(FeatureRangeBackfill.WithRanges(old, table, "outcome"));
        Assert.Null(FeatureRangeBackfill.WithRanges(new FeatureSchema([new FeatureSpec("gone", ColumnType.Numeric)]), table, "label"));
    }
}
