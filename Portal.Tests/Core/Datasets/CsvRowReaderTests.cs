using System.Text;
using Portal.Core.Datasets;

namespace Portal.Tests.Core.Datasets;

public class CsvRowReaderTests
{
    [Theory]
    [InlineData("credit_data.csv")]
    [InlineData("lending_club.csv")]
    public void Read_ForwardOnlyStream_GivesTheRowsOfTheSeekableFile(string file)
    {
        var bytes = File.ReadAllBytes(SamplePath(file));
        // lending_club.csv is larger than the 64 KiB sniffed head, so the replayed head and the rest are both read.
        var expected = CsvTableReader.Read(new MemoryStream(bytes));

        using var reader = CsvRowReader.Open(new ForwardOnlyStream(bytes));
        var k = 0;
        while (reader.Read())
        {
            Assert.Equal(expected.Rows[k], reader.Cells);
            Assert.Equal(expected.Lines[k], reader.Line);
            k++;
        }

        Assert.Equal(expected.Headers, reader.Headers);
        Assert.Equal(expected.RowCount, k);
        Assert.Equal(k, reader.RowCount);
    }

    [Fact]
    public void Read_ABadLineAfterGoodOnes_ThrowsNamingItOnlyWhenReached()
    {
        using var reader = CsvRowReader.Open(new MemoryStream(Encoding.UTF8.GetBytes("a,b\n1,2\n3,4\n5\n")));

        Assert.True(reader.Read());
        Assert.True(reader.Read());
        var error = Assert.Throws<CsvFormatException>(() => reader.Read());
        Assert.Equal(4, error.Line);
        Assert.Contains("Line 4 has 1 fields but the header has 2", error.Message);
    }

    [Fact]
    public void Read_HeaderOnly_ThrowsAtTheEnd()
    {
        using var reader = CsvRowReader.Open(new MemoryStream(Encoding.UTF8.GetBytes("\n a,b\n\n")));

        Assert.Equal(["a", "b"], reader.Headers);
        Assert.Equal(2, reader.HeaderLine);
        var error = Assert.Throws<CsvFormatException>(() => reader.Read());
        Assert.Equal("The file has a header (line 2) but no data rows.", error.Message);
    }

    private static string SamplePath(string file) => TestPaths.Sample(file);

    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public override bool CanSeek => false;

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override long Position { get => base.Position; set => throw new NotSupportedException(); }
    }
}
