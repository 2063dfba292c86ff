namespace Portal.Core.Datasets;

/// <summary>
/// A parsed CSV file held in memory: a header row and data rows of equal width.
/// A missing value (empty cell) is <c>null</c>. <see cref="Lines"/> gives each row's 1-based line number
/// in the source file, so later errors (bad label, bad value) can name the line.
/// </summary>
public sealed class CsvTable(IReadOnlyList<string> headers, IReadOnlyList<string?[]> rows, IReadOnlyList<int> lines)
{
    public IReadOnlyList<string> Headers { get; } = headers;
    public IReadOnlyList<string?[]> Rows { get; } = rows;
    public IReadOnlyList<int> Lines { get; } = lines;
    public int RowCount => Rows.Count;

    public int IndexOf(string column)
    {
        for (var i = 0; i < Headers.Count; i++)
            if (string.Equals(Headers[i], column, StringComparison.Ordinal)) return i;
        return -1;
    }

    public IEnumerable<string?> Column(int index)
    {
        foreach (var row in Rows) yield return row[index];
    }
}
