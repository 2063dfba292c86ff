using System.Text;
using Portal.Core.Predictions;

namespace Portal.Tests.Core.Predictions;

public sealed class LabelCsvReaderTests
{
    private static (IReadOnlyList<LabelRow> Rows, IReadOnlyList<RejectedLabel> Ragged) Read(string csv) =>
        LabelCsvReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(csv)));

    [Fact]
    public void Read_GoodAndRaggedLines_RowsWithLineNumbers()
    {
        var (rows, ragged) = Read("prediction_id,true_label,label_timestamp,label_source\nid1,bad,2026-01-01T00:00:00Z,crm\nid2,good\nid3,good,,manual\n");
        Assert.Equal([2, 4], rows.Select(r => r.Line));
        Assert.Equal("crm", rows[0].Source);
        var line = Assert.Single(ragged);
        Assert.Equal(3, line.Line);
        Assert.Equal("id2", line.PredictionId);
    }

    [Fact]
    public void Read_HeaderWithoutOptionalColumns_Accepted()
    {
        var (rows, _) = Read("prediction_id,true_label\nid1,bad\n");
        Assert.Equal("bad", Assert.Single(rows).Label);
        Assert.Null(rows[0].LabelTimestamp);
    }

    [Theory]
    [InlineData("hello world, this is not a labels file\n")]
    [InlineData("")]
    public void Read_NotLabelsCsv_Throws(string text) => Assert.Throws<LabelFormatException>(() => Read(text));

    [Fact]
    public void Read_Binary_Throws() =>
        Assert.Throws<LabelFormatException>(() => LabelCsvReader.Read(new MemoryStream([0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0x01])));
}
