using Portal.Core.Datasets;
using Portal.Core.Drift;
using Portal.Core.Training;

namespace Portal.Tests.Core.Drift;

public sealed class DriftInputParserTests
{
    private static readonly FeatureSchema Schema = new([
        new FeatureSpec("Age", ColumnType.Numeric),
        new FeatureSpec("Home", ColumnType.Categorical, ["owner", "rent"]),
        new FeatureSpec("Records", ColumnType.Boolean, ["no", "yes"]),
    ]);

    [Fact]
    public void Parse_NumbersStringsAndBooleans_FillsColumnsInSchemaOrder()
    {
        var columns = DriftInputParser.Parse(["""{"Age":30,"Home":"rent","Records":"YES"}""", """{"Records":false,"Home":"owner","Age":41.5}"""], Schema);

        Assert.Equal(2, columns.Rows);
        Assert.Equal([30, 41.5], columns.Numeric[0]!);
        Assert.Null(columns.Categorical[0]);
        Assert.Equal(["rent", "owner"], columns.Categorical[1]!.Select(x => x!));
        Assert.Equal(["yes", "no"], columns.Categorical[2]!.Select(x => x!));
    }

    [Fact]
    public void Parse_NullAbsentOrUnreadable_IsMissing()
    {
        var columns = DriftInputParser.Parse(["""{"Age":null,"Home":null}""", """{"Age":"abc"}""", "not json", "[1,2]"], Schema);

        Assert.All(columns.Numeric[0]!, x => Assert.True(double.IsNaN(x)));
        Assert.All(columns.Categorical[1]!, Assert.Null);
        Assert.All(columns.Categorical[2]!, Assert.Null);
    }

    [Fact]
    public void Parse_NumericStringAndNumberForCategory_AreConverted()
    {
        var columns = DriftInputParser.Parse(["""{"Age":"52","Home":3,"Records":true}"""], Schema);

        Assert.Equal(52, columns.Numeric[0]![0]);
        Assert.Equal("3", columns.Categorical[1]![0]);
        Assert.Equal("yes", columns.Categorical[2]![0]);
    }

    [Fact]
    public void Parse_UnknownAndNestedProperties_AreSkipped()
    {
        var columns = DriftInputParser.Parse(["""{"Extra":{"a":[1,2,{"b":3}]},"Age":7,"Other":[1],"Home":"rent"}"""], Schema);

        Assert.Equal(7, columns.Numeric[0]![0]);
        Assert.Equal("rent", columns.Categorical[1]![0]);
    }

    [Fact]
    public void Parse_ManyRows_ParsesEveryRowAcrossChunks()
    {
        var inputs = Enumerable.Range(0, 10_001).Select(i => $$"""{"Age":{{i}},"Home":"h{{i % 3}}"}""").ToList();

        var columns = DriftInputParser.Parse(inputs, Schema);

        Assert.Equal(Enumerable.Range(0, 10_001).Select(i => (double)i), columns.Numeric[0]!);
        Assert.Equal("h1", columns.Categorical[1]![10_000]);
    }
}
