using System.Text;
using Portal.Core.Datasets;
using Portal.Core.Predictions;

namespace Portal.Core.Retraining;

/// <summary>
/// Writes a retrain's dataset CSV through temporary files rather than memory: the labelled outcomes are spooled as
/// they stream from the log, then the header, the appended dataset's rows (read a row at a time) and the spooled rows
/// are written to a second file, which the import reads. However large the appended dataset or the window, what is
/// held is a row and a write buffer. The files are deleted when disposed (<see cref="FileOptions.DeleteOnClose"/>).
/// </summary>
internal static class RetrainCsv
{
    private const int BufferBytes = 64 * 1024;

    /// <summary>A new read-write temporary file, deleted on close.</summary>
    public static FileStream TempFile() => new(Path.Combine(Path.GetTempPath(), $"portal-retrain-{Guid.NewGuid():N}.csv"),
        FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, BufferBytes, FileOptions.DeleteOnClose | FileOptions.Asynchronous);

    /// <summary>A writer of CSV records to <paramref name="file"/>; the file stays open when the text writer is disposed.</summary>
    public static StreamWriter Text(Stream file) => new(file, new UTF8Encoding(false), BufferBytes, leaveOpen: true);

    /// <summary>
    /// Writes <paramref name="header"/>, then the <paramref name="header"/> columns of every row of the dataset CSV in
    /// <paramref name="source"/> (when given), then the bytes of <paramref name="spooled"/> (records already written); returns
    /// the number of dataset rows written. Throws <see cref="RetrainRejectedException"/> when the dataset lacks a column.
    /// </summary>
    public static async Task<int> WriteAsync(Stream output, IReadOnlyList<string> header, Stream? source, string? sourceName, Stream? spooled, CancellationToken ct)
    {
        var prefix = 0;
        await using (var text = Text(output))
        {
            // Training data is written as it is (no formula neutralising: "-1.5" must stay a number).
            var csv = new CsvLineWriter(text);
            foreach (var h in header) csv.WriteField(h);
            await csv.NextRecordAsync(ct);
            if (source is not null)
            {
                using var reader = CsvRowReader.Open(source);
                var indexes = header.Select(h => IndexOf(reader.Headers, h)).ToArray();
                if (indexes.Contains(-1))
                    throw new RetrainRejectedException(RetrainNames.StepData, $"Schema changed: dataset '{sourceName}' lacks column(s) {string.Join(", ", header.Where((_, i) => indexes[i] < 0))}.");
                while (reader.Read())
                {
                    var cells = reader.Cells;
                    foreach (var i in indexes) csv.WriteField(cells[i]);
                    await csv.NextRecordAsync(ct);
                    prefix++;
                }
            }

            await csv.FlushAsync(ct);
        }

        if (spooled is not null)
        {
            spooled.Position = 0;
            await spooled.CopyToAsync(output, BufferBytes, ct);
        }

        await output.FlushAsync(ct);
        return prefix;
    }

    private static int IndexOf(IReadOnlyList<string> headers, string column)
    {
        for (var i = 0; i < headers.Count; i++)
            if (string.Equals(headers[i], column, StringComparison.Ordinal)) return i;
        return -1;
    }
}
