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

        // Streamed from the file; the in-memory builder over the whole table is the reference.
        using var file = File.OpenRead(TestPaths.Sample("breast_cancer.csv"));
        var filled = FeatureRangeBackfill.WithRanges(old, file, "diagnosis");

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
        var csv = Csv("x,y,label\n1,5,a\n3,7,b\n1000,9,\n2,6,a\n4,8,b\n");
        var kept = new FeatureRange(0, 1, 0.5, 0.5, 2);
        var old = new FeatureSchema([new FeatureSpec("x", ColumnType.Numeric), new FeatureSpec("y", ColumnType.Numeric, Range: kept)]);

        var filled = FeatureRangeBackfill.WithRanges(old, csv, "label")!;

        Assert.Equal((1, 4, 4), (filled.Features[0].Range!.Min, filled.Features[0].Range!.Max, filled.Features[0].Range!.Count));
        Assert.Same(kept, filled.Features[1].Range);
    }

    [Fact]
    public void WithRanges_NoSuchLabelOrNothingToFill_ReturnsNull()
    {
        const string text = "x,label\n1,a\n2,b\n";
        var old = new FeatureSchema([new FeatureSpec("x", ColumnType.Numeric)]);

        Assert.Null(FeatureRangeBackfill.WithRanges(old, Csv(text), "outcome"));
        Assert.Null(FeatureRangeBackfill.WithRanges(new FeatureSchema([new FeatureSpec("gone", ColumnType.Numeric)]), Csv(text), "label"));
    }

    [Fact]
    public void WithRanges_EverySampleDataset_EqualsTheInMemoryBuilder()
    {
        foreach (var (file, label) in SampleDatasets.Labelled)
        {
            var table = SampleTables.Sample(file);
            var labelIndex = table.IndexOf(label);
            var labelled = Enumerable.Range(0, table.RowCount).Where(r => table.Rows[r][labelIndex] is not null).ToArray();
            var expected = FeatureSchemaBuilder.Build(table, label, labelled).Schema;
            var old = new FeatureSchema(expected.Features.Select(f => f with { Range = null }).ToList());

            using var stream = File.OpenRead(TestPaths.Sample(file));
            var filled = FeatureRangeBackfill.WithRanges(old, stream, label);

            Assert.True(expected.Features.Any(f => f.Range is not null), file);
            Assert.Equal(expected.Features.Select(f => f.Range), filled!.Features.Select(f => f.Range));
        }
    }

    private static MemoryStream Csv(string text) => new(System.Text.Encoding.UTF8.GetBytes(text));
}
