namespace Portal.Core.Datasets;

/// <summary>Picks rows out of a CSV read a row at a time, by data row number (0-based, blank lines not counted): a split's rows without holding the file.</summary>
public static class SelectedRows
{
    /// <summary>The cells and file line of each of <paramref name="rows"/> (ascending), in that order; stops reading after the last.</summary>
    public static IEnumerable<(string?[] Cells, int Line)> Read(CsvRowReader reader, IReadOnlyList<int> rows)
    {
        var next = 0;
        var row = 0;
        while (next < rows.Count && reader.Read())
        {
            if (row++ != rows[next]) continue;
            next++;
            yield return (reader.Cells, reader.Line);
        }

        if (next < rows.Count) throw new ArgumentException($"Row {rows[next]} was not read: rows must be ascending and within the file's {row}.", nameof(rows));
    }
}
