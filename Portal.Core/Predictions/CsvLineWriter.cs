using System.Text;

namespace Portal.Core.Predictions;

/// <summary>
/// Writes RFC 4180 CSV one record at a time (a field with a comma, quote or line break is quoted). Fields collect in a
/// character buffer and reach the text writer only as whole blocks through WriteAsync: Kestrel refuses synchronous
/// writes on a response body, and a synchronous Write that filled the writer's buffer broke exports past ~16 KB.
/// </summary>
internal sealed class CsvLineWriter(TextWriter text, int blockChars = CsvLineWriter.DefaultBlockChars)
{
    public const int DefaultBlockChars = 32 * 1024;

    private readonly StringBuilder _block = new(Math.Max(blockChars, 16));
    private bool _first = true;

    public void WriteField(string? value)
    {
        if (!_first) _block.Append(',');
        _first = false;
        value ??= "";
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            _block.Append(value);
            return;
        }

        _block.Append('"').Append(value.Replace("\"", "\"\"")).Append('"');
    }

    /// <summary>Ends the record; hands the block to the writer once it holds at least a block's worth of characters.</summary>
    public async Task NextRecordAsync(CancellationToken ct = default)
    {
        _first = true;
        _block.Append("\r\n");
        if (_block.Length >= blockChars) await WriteBlockAsync(ct);
    }

    /// <summary>Writes what is buffered and flushes the writer (and so the stream) asynchronously.</summary>
    public async Task FlushAsync(CancellationToken ct = default)
    {
        await WriteBlockAsync(ct);
        await text.FlushAsync(ct);
    }

    private async Task WriteBlockAsync(CancellationToken ct)
    {
        if (_block.Length == 0) return;
        await text.WriteAsync(_block, ct);
        _block.Clear();
    }
}
