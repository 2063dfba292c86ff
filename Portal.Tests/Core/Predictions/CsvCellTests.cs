using System.Text;
using Portal.Core.Predictions;

namespace Portal.Tests.Core.Predictions;

public sealed class CsvCellTests
{
    [Theory]
    [InlineData("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0")]
    [InlineData("+SUM(A1)", "'+SUM(A1)")]
    [InlineData("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0")]
    [InlineData("@SUM(1,2)", "'@SUM(1,2)")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("\r=1", "'\r=1")]
    public void Neutralise_FormulaStart_PrefixesApostrophe(string value, string expected) =>
        Assert.Equal(expected, CsvCell.Neutralise(value));

    [Theory]
    [InlineData("owner")]
    [InlineData("")]
    [InlineData("-1.5")]
    [InlineData("+3")]
    [InlineData("a=b")]
    public void Neutralise_PlainTextOrNumber_Unchanged(string value) => Assert.Equal(value, CsvCell.Neutralise(value));

    [Fact]
    public void Neutralise_Null_Empty() => Assert.Equal("", CsvCell.Neutralise(null));

    [Fact]
    public void FeatureValues_JsonInputs_TextPerFeature()
    {
        var values = PredictionCsvExport.FeatureValues("""{"a":1.5,"b":"x","c":null,"d":true}""", ["a", "b", "c", "d", "missing"]);
        Assert.Equal(["1.5", "x", "", "true", ""], values);
    }
}
