using System.Text;
using Portal.Core.Predictions;

namespace Portal.Tests.Core.Predictions;

/// <summary>
/// The CSV writer writes only asynchronously, as Kestrel requires of a response body: checked on a stream that throws
/// on any synchronous write or flush, with buffers small enough that every few records flush.
/// </summary>
public sealed class CsvLineWriterTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(CsvLineWriter.DefaultBlockChars)]
    public async Task ManyRecords_TinyBuffers_OnlyAsyncWritesAndEveryCharacterArrives(int blockChars)
    {
        var stream = new AsyncOnlyStream();
        var expected = new StringBuilder();
        await using (var text = new StreamWriter(stream, new UTF8Encoding(false), bufferSize: 1, leaveOpen: true))
        {
            var csv = new CsvLineWriter(text, blockChars);
            for (var i = 0; i < 2_000; i++)
            {
                csv.WriteField(i.ToString());
                csv.WriteField("a,b \"q\" é");
                csv.WriteField(null);
                await csv.NextRecordAsync();
                expected.Append(i).Append(",\"a,b \"\"q\"\" é\",\r\n");
            }

            await csv.FlushAsync();
        }

        Assert.True(stream.AsyncWrites > 1, "the records must reach the stream in several writes");
        Assert.Equal(expected.ToString(), Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public async Task HeaderOnly_IsWrittenOnFlush()
    {
        var stream = new AsyncOnlyStream();
        await using (var text = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true))
        {
            var csv = new CsvLineWriter(text);
            csv.WriteField("prediction_id");
            csv.WriteField("model");
            await csv.NextRecordAsync();
            await csv.FlushAsync();
        }

        Assert.Equal("prediction_id,model\r\n", Encoding.UTF8.GetString(stream.ToArray()));
    }

    /// <summary>A write-only stream that behaves like Kestrel's response body with synchronous IO disallowed.</summary>
    private sealed class AsyncOnlyStream : Stream
    {
        private readonly MemoryStream _bytes = new();

        public int AsyncWrites { get; private set; }
        public byte[] ToArray() => _bytes.ToArray();

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _bytes.Length;
        public override long Position { get => _bytes.Position; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new InvalidOperationException("Synchronous operations are disallowed.");
        public override void Write(ReadOnlySpan<byte> buffer) => throw new InvalidOperationException("Synchronous operations are disallowed.");
        public override void WriteByte(byte value) => throw new InvalidOperationException("Synchronous operations are disallowed.");
        public override void Flush() => throw new InvalidOperationException("Synchronous operations are disallowed.");

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            AsyncWrites++;
            _bytes.Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
