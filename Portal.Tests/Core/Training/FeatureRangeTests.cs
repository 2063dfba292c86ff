using Portal.Core.Datasets;
using Portal.Core.Training;

namespace Portal.Tests.Core.Training;

public sealed class FeatureRangeTests
{
    [Fact]
    public void Of_NumericCells_KeepsMinMaxMeanAndSampleStd()
    {
        var range = FeatureRange.Of(["2", "4", null, "4", "4", "5", "5", "7", "9"])!;

        Assert.Equal(2, range.Min);
        Assert.Equal(9, range.Max);
        Assert.Equal(5, range.Mean, 12);
        Assert.Equal(Math.Sqrt(32.0 / 7), range.Std, 12); // numpy.std(ddof=1)
        Assert.Equal(8, range.Count);
    }

    [Fact]
    public void Of_NoNumbers_IsUnknown() => Assert.Null(FeatureRange.Of([null, null]));

    [Theory]
    [InlineData(-19.9, false)]
    [InlineData(218.9, false)]
    [InlineData(-20, true)]
    [InlineData(219, true)]
    [InlineData(-500, true)]
    public void IsFarOutside_AllowsTenPercentOfTheSpanPastEachEdge(double value, bool outside) =>
        Assert.Equal(outside, new FeatureRange(0, 199, 120, 30, 100).IsFarOutside(value));

    [Fact]
    public void IsFarOutside_ConstantFeature_AnyOtherValueIsOutside()
    {
        var range = new FeatureRange(1, 1, 1, 0, 10);
        Assert.False(range.IsFarOutside(1));
        Assert.True(range.IsFarOutside(1.001));
    }

    [Fact]
    public void SchemaBuilder_NumericColumns_CarryTheirRangeOverTheRowsUsed()
    {
        var table = new CsvTable(["x", "kind", "y"], [["1", "a", "p"], ["3", "b", "n"], ["100", "a", "p"]], [2, 3, 4]);

        var schema = FeatureSchemaBuilder.Build(table, "y", rows: [0, 1]).Schema;

        var x = schema.Features.Single(f => f.Name == "x");
        Assert.Equal((1, 3), (x.Range!.Min, x.Range.Max));
        Assert.Null(schema.Features.Single(f => f.Name == "kind").Range);
    }
}
