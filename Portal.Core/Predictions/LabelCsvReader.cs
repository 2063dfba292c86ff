using CsvHelper;

namespace Portal.Core.Predictions;

/// <summary>
/// Reads a labels CSV with the header <c>prediction_id,true_label,label_timestamp,label_source</c> (the last two may be
/// left out). A line with the wrong number of cells becomes a rejected row, never a failure of the whole file; content
/// that is not CSV text at all (binary, no such header) throws <see cref="LabelFormatException"/>.
/// </summary>
public static class LabelCsvReader
{
    public const string Header = "prediction_id,true_label,label_timestamp,label_source";
    private static readonly string[] Required = ["prediction_id", "true_label"];

    public static (IReadOnlyList<LabelRow> Rows, IReadOnlyList<RejectedLabel> Ragged) Read(Stream stream)
    {
        if (!stream.CanSeek)
        {
            var copy = new MemoryStream();
            stream.CopyTo(copy);
            copy.Position = 0;
            stream = copy;
        }

        CheckIsText(stream);
        var options = new CsvReaderOptions
        {
            Separator = ',',
            HasHeader = false,
            TrackLineNumbers = true,
            SkipEmptyLines = true,
            TrimWhitespace = true,
            TrimInsideQuotes = true,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            MalformedData = CsvMalformedDataHandling.Throw,
        };

        var rows = new List<LabelRow>();
        var ragged = new List<RejectedLabel>();
        using var reader = CsvReader.Create(stream, options, leaveOpen: true);
        string[]? header = null;
        int id = -1, label = -1, at = -1, source = -1;
        try
        {
            while (reader.Read())
            {
                var line = checked((int)reader.LineNumber);
                var count = reader.FieldCount;
                var cells = new string[count];
                for (var i = 0; i < count; i++) cells[i] = reader.GetString(i)?.Trim() ?? "";
                if (count == 0 || (count == 1 && cells[0].Length == 0)) continue;
                if (header is null)
                {
                    header = cells.Select(c => c.TrimStart('\uFEFF').ToLowerInvariant()).ToArray();
                    if (Required.Any(r => !header.Contains(r)))
                        throw new LabelFormatException($"The file is not a labels CSV: line {line} should be the header '{Header}', got '{string.Join(",", cells)}'.");
                    id = Array.IndexOf(header, "prediction_id");
                    label = Array.IndexOf(header, "true_label");
                    at = Array.IndexOf(header, "label_timestamp");
                    source = Array.IndexOf(header, "label_source");
                    continue;
                }

                string? Cell(int i) => i >= 0 && i < cells.Length ? cells[i] : null;
                if (count != header.Length)
                {
                    ragged.Add(new RejectedLabel(line, Cell(id), $"Line {line} has {count} cells but the header has {header.Length}."));
                    continue;
                }

                rows.Add(new LabelRow(line, Cell(id), Cell(label), Cell(at), Cell(source)));
            }
        }
        catch (CsvFormatException ex)
        {
            throw new LabelFormatException($"The file could not be read as CSV near line {ex.LineNumber}: {ex.Message.Split('\n')[0]}");
        }

        if (header is null) throw new LabelFormatException($"The file is empty: expected the header '{Header}'.");
        return (rows, ragged);
    }

    private static void CheckIsText(Stream stream)
    {
        var start = stream.Position;
        var head = new byte[8192];
        var filled = 0;
        int read;
        while (filled < head.Length && (read = stream.Read(head, filled, head.Length - filled)) > 0) filled += read;
        stream.Position = start;
        if (filled == 0) throw new LabelFormatException($"The file is empty: expected the header '{Header}'.");
        if (Array.IndexOf(head, (byte)0, 0, filled) >= 0) throw new LabelFormatException("The file is not CSV text (it holds binary content).");
    }
}
