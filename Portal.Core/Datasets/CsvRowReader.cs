using System.Buffers;
using System.Text;
using System.Text.Unicode;
using CsvHelper;

namespace Portal.Core.Datasets;

/// <summary>
/// Reads an uploaded CSV file (UTF-8, with or without BOM, header row required) one row at a time, so a file of any
/// size is read in bounded memory. Every problem becomes a <see cref="CsvFormatException"/> whose message names the
/// line, so the upload endpoint can hand it to the user as is. Blank lines are skipped; a file with a header and no
/// data rows is an error, raised by the <see cref="Read"/> that finds the end.
/// </summary>
public sealed class CsvRowReader : IDisposable
{
    /// <summary>How much of the start of the file is checked for binary content.</summary>
    private const int SniffBytes = 64 * 1024;

    private static readonly char[] Delimiters = [',', ';', '\t'];

    private readonly CsvReader _reader;
    private int _rows;

    private CsvRowReader(CsvReader reader, string[] headers, int headerLine)
    {
        _reader = reader;
        Headers = headers;
        HeaderLine = headerLine;
    }

    public IReadOnlyList<string> Headers { get; }

    /// <summary>The 1-based line of the header.</summary>
    public int HeaderLine { get; }

    /// <summary>The current row's cells (a new array for every row; a missing value is null).</summary>
    public string?[] Cells { get; private set; } = [];

    /// <summary>The 1-based line of the current row in the file.</summary>
    public int Line { get; private set; }

    /// <summary>Data rows read so far.</summary>
    public int RowCount => _rows;

    /// <summary>Checks that the stream is text, finds the delimiter and reads the header. The stream is left open.</summary>
    public static CsvRowReader Open(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var head = ReadHead(stream);
        CheckIsText(head);
        // The head is parsed again: from the start of a seekable stream, or replayed before the rest of a forward-only one.
        Stream source;
        if (stream.CanSeek)
        {
            stream.Seek(-head.Length, SeekOrigin.Current);
            source = stream;
        }
        else
        {
            source = new ReplayedHeadStream(head, stream);
        }

        var reader = CsvReader.Create(source, Options(SniffDelimiter(head)), leaveOpen: true);
        try
        {
            while (Next(reader))
            {
                var line = checked((int)reader.LineNumber);
                var count = reader.FieldCount;
                if (IsBlank(reader, count)) continue;
                return new CsvRowReader(reader, ReadHeader(reader, count, line), line);
            }
        }
        catch
        {
            reader.Dispose();
            throw;
        }

        reader.Dispose();
        throw new CsvFormatException("The file is empty.");
    }

    /// <summary>Moves to the next data row; false at the end of the file.</summary>
    public bool Read()
    {
        while (Next(_reader))
        {
            var line = checked((int)_reader.LineNumber);
            var count = _reader.FieldCount;
            if (IsBlank(_reader, count)) continue;
            if (count != Headers.Count)
                throw new CsvFormatException($"Line {line} has {count} fields but the header has {Headers.Count}.", line);

            var row = new string?[count];
            for (var i = 0; i < count; i++) row[i] = Clean(_reader.GetString(i));
            Cells = row;
            Line = line;
            _rows++;
            return true;
        }

        if (_rows == 0)
            throw new CsvFormatException($"The file has a header (line {HeaderLine}) but no data rows.", HeaderLine);
        return false;
    }

    public void Dispose() => _reader.Dispose();

    private static CsvReaderOptions Options(char delimiter) => new()
    {
        Separator = delimiter,
        HasHeader = false, // read as a record, so a blank or duplicate name can be reported with its line
        TrackLineNumbers = true,
        SkipEmptyLines = true,
        TrimWhitespace = true,
        TrimInsideQuotes = true,
        PoolStrings = true, // categorical columns repeat a few values over many rows
        FieldCountMismatch = CsvFieldCountHandling.Allow, // checked here, for a message in the user's words
        MalformedData = CsvMalformedDataHandling.Throw,
        OnMalformedRecord = record => throw Malformed(record),
    };

    /// <summary>CsvHelper's own errors never leave this class: the caller sees one exception type with a line.</summary>
    private static bool Next(CsvReader reader)
    {
        try
        {
            return reader.Read();
        }
        catch (CsvHelper.CsvFormatException ex)
        {
            int? line = ex.LineNumber > 0 ? checked((int)ex.LineNumber) : null;
            var where = line is null ? "The file" : $"Line {line}";
            throw new CsvFormatException($"{where} could not be read as CSV: {FirstLine(ex.Message)}", line);
        }
    }

    private static byte[] ReadHead(Stream stream)
    {
        var buffer = new byte[SniffBytes];
        var filled = 0;
        int read;
        while (filled < buffer.Length && (read = stream.Read(buffer, filled, buffer.Length - filled)) > 0) filled += read;
        return buffer.AsSpan(0, filled).ToArray();
    }

    private static void CheckIsText(byte[] head)
    {
        var bytes = head.AsSpan();
        if (bytes.StartsWith(Encoding.UTF8.Preamble)) bytes = bytes[3..];
        var offset = head.Length - bytes.Length;
        if (bytes.IsEmpty) throw new CsvFormatException("The file is empty.");

        var nul = bytes.IndexOf((byte)0);
        var chars = ArrayPool<char>.Shared.Rent(bytes.Length);
        try
        {
            // isFinalBlock: false, so a character cut at the end of the chunk is not taken for invalid UTF-8.
            var status = Utf8.ToUtf16(bytes, chars, out var bytesRead, out _, replaceInvalidSequences: false, isFinalBlock: false);
            var invalid = status == OperationStatus.InvalidData ? bytesRead : -1;
            var bad = (nul, invalid) switch
            {
                (< 0, < 0) => -1,
                (< 0, _) => invalid,
                (_, < 0) => nul,
                _ => Math.Min(nul, invalid),
            };
            // Byte offsets are 0-based, as a hex editor shows them.
            if (bad >= 0) throw new CsvFormatException($"The file is not text (binary content near byte {offset + bad}).");
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>Picks the delimiter that occurs most often outside quotes in the header line; comma wins ties.</summary>
    private static char SniffDelimiter(byte[] head)
    {
        var text = Encoding.UTF8.GetString(head);
        Span<int> counts = stackalloc int[Delimiters.Length];
        var quoted = false;
        var seenText = false; // blank lines before the header are skipped, as the parser skips them
        foreach (var c in text)
        {
            if (c == '"') quoted = !quoted;
            else if (!quoted && (c == '\n' || c == '\r'))
            {
                if (seenText) break;
            }
            else if (!quoted)
            {
                var k = Array.IndexOf(Delimiters, c);
                if (k >= 0) counts[k]++;
            }

            seenText |= !char.IsWhiteSpace(c);
        }

        var best = 0;
        for (var k = 1; k < counts.Length; k++)
            if (counts[k] > counts[best]) best = k;
        return Delimiters[best];
    }

    private static CsvFormatException Malformed(CsvMalformedRecord record)
    {
        int? line = record.LineNumber > 0 ? checked((int)record.LineNumber) : null;
        var where = line is null ? "A line" : $"Line {line}";
        var what = record.Reason switch
        {
            CsvMalformedReason.UnterminatedQuote => "has a quoted field that is never closed (the quote runs to the end of the file)",
            CsvMalformedReason.StrayQuote => "has a quote inside an unquoted field (quote the whole field and double the quote)",
            CsvMalformedReason.TextAfterClosingQuote => "has text after the closing quote of a field",
            CsvMalformedReason.LineBreakInQuotes => "has a line break inside a quoted field",
            CsvMalformedReason.FieldCountMismatch => "has a different number of fields than the header",
            _ => "is not valid CSV",
        };
        return new CsvFormatException($"{where} {what}.", line);
    }

    /// <summary>Empty and whitespace-only cells are missing values; other values lose surrounding whitespace.</summary>
    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string[] ReadHeader(CsvReader reader, int count, int line)
    {
        var headers = new string[count];
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var duplicates = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var name = Clean(reader.GetString(i));
            if (name is null) throw new CsvFormatException($"Column {i + 1} has a blank name in the header (line {line}).", line);
            headers[i] = name;
            if (seen.TryGetValue(name, out var first))
                duplicates.Add($"'{name}' (columns {first + 1} and {i + 1})");
            else
                seen[name] = i;
        }

        if (duplicates.Count > 0)
            throw new CsvFormatException($"The header (line {line}) has duplicate column names: {string.Join(", ", duplicates)}.", line);
        return headers;
    }

    /// <summary>
    /// A whitespace-only line. A line of delimiters only (",,,") is a row of missing values instead, and so is
    /// a quoted empty field (""), the one way to write a missing value in a one-column file.
    /// </summary>
    private static bool IsBlank(CsvReader reader, int count) =>
        count == 0 || (count == 1 && reader.GetRawSpan(0).IndexOfAnyExcept(" \t\r\n"u8) < 0);

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }

    /// <summary>The bytes read to sniff the file, then the rest of the stream.</summary>
    private sealed class ReplayedHeadStream(byte[] head, Stream rest) : Stream
    {
        private int _offset;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_offset < head.Length)
            {
                var n = Math.Min(buffer.Length, head.Length - _offset);
                head.AsSpan(_offset, n).CopyTo(buffer);
                _offset += n;
                return n;
            }

            return rest.Read(buffer);
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
