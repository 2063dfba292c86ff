using System.Text;
using Portal.Core.Audit;
using Portal.Core.Datasets;
using Portal.Tests.Data;

namespace Portal.Tests.Core.Datasets;

/// <summary>
/// <see cref="DatasetService.ImportAsync(Stream, string, string?, string, bool, CancellationToken)"/> streams the upload to a
/// temporary file beside the store: a failure at any point leaves neither a file nor a dataset behind.
/// </summary>
public sealed class StreamedImportTests : IAsyncLifetime
{
    private SqliteDatabase _db = null!;
    private string _folder = null!;

    public async Task InitializeAsync()
    {
        _db = await SqliteDatabase.CreateAsync();
        _folder = Directory.CreateDirectory(Path.Combine(_db.Folder, "datasets")).FullName;
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private DatasetService Service(long limit = 50 * 1024 * 1024) =>
        new(_db.Get<IDatasetStore>(), new DatasetFiles(_folder), limit, _db.Get<IAuditLog>());

    [Fact]
    public async Task ImportAsync_ValidCsv_StoresFileNamedBySha256AndCountsRows()
    {
        var bytes = Csv(1000);

        var dataset = await Service().ImportAsync(new MemoryStream(bytes), "good.csv", null, "tester");

        Assert.Equal(1000, dataset.Rows);
        Assert.Equal(Portal.Core.Common.Sha256Hex.Of(bytes), dataset.Sha256);
        Assert.Equal([dataset.Sha256 + ".csv"], Directory.GetFiles(_folder).Select(Path.GetFileName));
    }

    [Fact]
    public async Task ImportAsync_WithProfileProgress_ReportsRisingFractionsEndingAtOne()
    {
        var csv = new StringBuilder("id,group,value\n");
        for (var i = 0; i < 50_000; i++) csv.Append(i).Append(",g").Append(i % 7).Append(',').Append(i * 0.5).Append('\n');
        var reports = new List<double>();

        var dataset = await Service().ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())), "rising.csv", null, "tester",
            allowDuplicate: false, new Collect(reports));

        Assert.Equal(50_000, dataset.Rows);
        Assert.NotEmpty(reports);
        Assert.Equal(1, reports[^1]);
        Assert.All(reports, r => Assert.InRange(r, 0, 1));
        Assert.Equal(reports.Order(), reports);
        Assert.Equal(reports.Distinct().Count(), reports.Count);
    }

    /// <summary>Collects on the reporting thread (Progress&lt;T&gt; would post to the pool and race the assertions).</summary>
    private sealed class Collect(List<double> into) : IProgress<double>
    {
        public void Report(double value) => into.Add(value);
    }

    [Fact]
    public async Task ImportAsync_BadLineAfter100kGoodRows_NamesTheLineAndStoresNothing()
    {
        var bytes = Csv(100_000, tail: "1,2,3,4\n");

        var error = await Assert.ThrowsAsync<CsvFormatException>(() => Service().ImportAsync(new MemoryStream(bytes), "bad.csv", null, "tester"));

        // Line 1 is the header, lines 2..100001 the good rows.
        Assert.Equal(100_002, error.Line);
        Assert.Contains("Line 100002", error.Message, StringComparison.Ordinal);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task ImportAsync_CancelledMidUpload_StoresNothing()
    {
        using var cts = new CancellationTokenSource();
        var source = new CancellingStream(new MemoryStream(Csv(50_000)), cancelAfterBytes: 200_000, cts);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Service().ImportAsync(source, "cut.csv", null, "tester", allowDuplicate: false, cts.Token));

        Assert.True(source.Position >= 200_000);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task ImportAsync_OverTheLimit_ThrowsBeforeReadingTheRestAndStoresNothing()
    {
        var source = new MemoryStream(Csv(50_000));

        await Assert.ThrowsAsync<DatasetTooLargeException>(() => Service(limit: 100_000).ImportAsync(source, "big.csv", null, "tester"));

        Assert.True(source.Position < 300_000, $"Read {source.Position} of {source.Length} bytes.");
        await AssertNothingStoredAsync();
    }

    private async Task AssertNothingStoredAsync()
    {
        Assert.Empty(Directory.GetFiles(_folder));
        Assert.Empty(await _db.Get<IDatasetStore>().ListAsync());
    }

    private static byte[] Csv(int rows, string tail = "")
    {
        var text = new StringBuilder("id,amount,grade\n");
        for (var i = 0; i < rows; i++) text.Append(i).Append(',').Append(i % 997 * 1.5).Append(',').Append((char)('A' + i % 5)).Append('\n');
        return Encoding.UTF8.GetBytes(text.Append(tail).ToString());
    }

    /// <summary>A client that goes away: the token is cancelled once this much has been read.</summary>
    private sealed class CancellingStream(Stream inner, long cancelAfterBytes, CancellationTokenSource cts) : Stream
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
        {
            if (inner.Position >= cancelAfterBytes) await cts.CancelAsync();
            ct.ThrowIfCancellationRequested();
            return await inner.ReadAsync(buffer[..Math.Min(buffer.Length, 64 * 1024)], ct);
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read asynchronously.");
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
