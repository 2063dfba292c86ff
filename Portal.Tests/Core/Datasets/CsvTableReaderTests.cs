using System.Text;
using Portal.Core.Datasets;

namespace Portal.Tests.Core.Datasets;

public class CsvTableReaderTests
{
    [Theory]
    [InlineData("credit_data.csv", 4454, 14)]
    [InlineData("lending_club.csv", 9857, 23)]
    [InlineData("customer_churn.csv", 5000, 20)]
    [InlineData("breast_cancer.csv", 569, 31)]
    public void Read_SampleFile_HasExpectedShape(string file, int rows, int columns)
    {
        var table = ReadSample(file);

        Assert.Equal(rows, table.RowCount);
        Assert.Equal(columns, table.Headers.Count);
        Assert.All(table.Rows, row => Assert.Equal(columns, row.Length));
        Assert.Equal(2, table.Lines[0]);
        Assert.Equal(rows + 1, table.Lines[^1]);
    }

    [Fact]
    public void Read_CreditData_EmptyCellsAreNull()
    {
        var table = ReadSample("credit_data.csv");
        var income = table.IndexOf("Income");

        Assert.Equal("Status", table.Headers[0]);
        Assert.Equal("good", table.Rows[0][0]);
        Assert.Equal("129", table.Rows[0][income]);
        // Counted with pandas: credit_data["Income"].isna().sum() (tools/reference/profile_reference.py).
        Assert.Equal(381, table.Column(income).Count(v => v is null));
    }

    [Fact]
    public void Read_EmptyAndWhitespaceCells_AreNullAndValuesTrimmed()
    {
        var table = Read(" a , b ,c\n 1 ,  , x y \n,\t,\"  q  \"\n");

        Assert.Equal(new[] { "a", "b", "c" }, table.Headers);
        Assert.Equal(new string?[] { "1", null, "x y" }, table.Rows[0]);
        Assert.Equal(new string?[] { null, null, "q" }, table.Rows[1]);
    }

    [Fact]
    public void Read_QuotedNewlines_KeepValueAndReportStartingLines()
    {
        var table = Read("id,comment\n1,\"two\nlines\"\n2,plain\n3,\"three\r\nmore\r\nlines\"\n4,last\n");

        Assert.Equal(4, table.RowCount);
        Assert.Equal("two\nlines", table.Rows[0][1]);
        Assert.Equal([2, 4, 5, 8], table.Lines);
    }

    [Fact]
    public void Read_BlankLines_AreSkippedButCounted()
    {
        var table = Read("a,b\n\n1,2\n\n\n3,4\n");

        Assert.Equal(2, table.RowCount);
        Assert.Equal([3, 6], table.Lines);
    }

    [Fact]
    public void Read_OneColumnQuotedEmpty_IsMissingValueNotBlankLine()
    {
        var table = Read("x\na\n\"\"\n  \nb\n");

        Assert.Equal(new string?[] { "a", null, "b" }, table.Column(0).ToArray());
        Assert.Equal([2, 3, 5], table.Lines);
    }

    [Fact]
    public void Read_Utf8Bom_IsNotPartOfFirstHeader()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("name,city\nJosé,Zürich\n")).ToArray();

        var table = CsvTableReader.Read(new MemoryStream(bytes));

        Assert.Equal("name", table.Headers[0]);
        Assert.Equal(new string?[] { "José", "Zürich" }, table.Rows[0]);
    }

    [Theory]
    [InlineData("a;b;c\n1;2,5;3\n", new[] { "a", "b", "c" }, "2,5")]
    [InlineData("a\tb\tc\n1\t2,5\t3\n", new[] { "a", "b", "c" }, "2,5")]
    [InlineData("a,b,c\n1,2;5,3\n", new[] { "a", "b", "c" }, "2;5")]
    [InlineData("\"a;x\",b,c\n1,2;5,3\n", new[] { "a;x", "b", "c" }, "2;5")]
    [InlineData("\n\na;b;c\n1;2,5;3\n", new[] { "a", "b", "c" }, "2,5")]
    public void Read_HeaderDelimiter_IsSniffed(string csv, string[] headers, string second)
    {
        var table = Read(csv);

        Assert.Equal(headers, table.Headers);
        Assert.Equal(second, table.Rows[0][1]);
    }

    [Fact]
    public void Read_SingleColumn_DefaultsToComma()
    {
        var table = Read("value\n1\n2\n");

        Assert.Equal(["value"], table.Headers);
        Assert.Equal(2, table.RowCount);
    }

    [Fact]
    public void Read_NonSeekableStream_Works()
    {
        var table = CsvTableReader.Read(new ForwardOnlyStream(Encoding.UTF8.GetBytes("a,b\n1,2\n")));

        Assert.Equal(new string?[] { "1", "2" }, table.Rows[0]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n  \n")]
    public void Read_EmptyFile_Throws(string csv)
    {
        var ex = Assert.Throws<CsvFormatException>(() => Read(csv));

        Assert.Equal("The file is empty.", ex.Message);
        Assert.Null(ex.Line);
    }

    [Fact]
    public void Read_BomOnly_ThrowsEmpty()
    {
        var ex = Assert.Throws<CsvFormatException>(() => CsvTableReader.Read(new MemoryStream(Encoding.UTF8.GetPreamble())));

        Assert.Equal("The file is empty.", ex.Message);
    }

    [Fact]
    public void Read_NulBytes_ThrowsNotText()
    {
        var bytes = Encoding.UTF8.GetBytes("a,b\n1,2\n").Concat(new byte[] { 0x50, 0x4B, 0x00, 0x03 }).ToArray();

        var ex = Assert.Throws<CsvFormatException>(() => CsvTableReader.Read(new MemoryStream(bytes)));

        Assert.Equal("The file is not text (binary content near byte 10).", ex.Message);
    }

    [Fact]
    public void Read_InvalidUtf8_ThrowsNotText()
    {
        var bytes = Encoding.UTF8.GetBytes("a,b\n1,").Concat(new byte[] { 0xFF, 0xFE, 0x41 }).ToArray();

        var ex = Assert.Throws<CsvFormatException>(() => CsvTableReader.Read(new MemoryStream(bytes)));

        Assert.Equal("The file is not text (binary content near byte 6).", ex.Message);
    }

    [Fact]
    public void Read_BlankHeaderName_ThrowsNamingColumnAndLine()
    {
        var ex = Assert.Throws<CsvFormatException>(() => Read("a,b, ,d\n1,2,3,4\n"));

        Assert.Equal("Column 3 has a blank name in the header (line 1).", ex.Message);
        Assert.Equal(1, ex.Line);
    }

    [Fact]
    public void Read_DuplicateHeaderNames_ThrowsNamingThem()
    {
        var ex = Assert.Throws<CsvFormatException>(() => Read("\n\nAge,Income,Age,x,x\n1,2,3,4,5\n"));

        Assert.Equal("The header (line 3) has duplicate column names: 'Age' (columns 1 and 3), 'x' (columns 4 and 5).", ex.Message);
        Assert.Equal(3, ex.Line);
    }

    [Fact]
    public void Read_RaggedRow_ThrowsWithItsStartingLine()
    {
        var csv = new StringBuilder("a,b,c,d\n");
        for (var i = 0; i < 14; i++) csv.Append("1,2,3,4\n");
        csv.Append("1,\"multi\nline\",3,4\n"); // lines 16-17
        csv.Append("1,2,3,4,5\n"); // line 18

        var ex = Assert.Throws<CsvFormatException>(() => Read(csv.ToString()));

        Assert.Equal("Line 18 has 5 fields but the header has 4.", ex.Message);
        Assert.Equal(18, ex.Line);
    }

    [Fact]
    public void Read_ShortRow_Throws()
    {
        var ex = Assert.Throws<CsvFormatException>(() => Read("a,b,c\n1,2,3\n1,2\n"));

        Assert.Equal("Line 3 has 2 fields but the header has 3.", ex.Message);
    }

    [Fact]
    public void Read_HeaderWithoutRows_Throws()
    {
        var ex = Assert.Throws<CsvFormatException>(() => Read("a,b,c\n\n"));

        Assert.Equal("The file has a header (line 1) but no data rows.", ex.Message);
        Assert.Equal(1, ex.Line);
    }

    [Fact]
    public void Read_UnterminatedQuote_ThrowsWithStartingLine()
    {
        var ex = Assert.Throws<CsvFormatException>(() => Read("a,b\n1,2\n3,\"never closed\n4,5\n6,7\n"));

        Assert.Contains("Line 3 ", ex.Message);
        Assert.Contains("never closed", ex.Message);
        Assert.Equal(3, ex.Line);
    }

    [Fact]
    public void Read_StrayQuoteInUnquotedField_ThrowsWithLine()
    {
        var ex = Assert.Throws<CsvFormatException>(() => Read("a,b\n1,2\n3,ab\"c\n"));

        Assert.StartsWith("Line 3 ", ex.Message);
        Assert.Equal(3, ex.Line);
    }

    private static CsvTable Read(string csv) => CsvTableReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(csv)));

    private static CsvTable ReadSample(string file)
    {
        using var stream = File.OpenRead(TestPaths.Sample(file));
        return CsvTableReader.Read(stream);
    }

    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
