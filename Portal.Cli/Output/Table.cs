namespace Portal.Cli.Output;

/// <summary>
/// A plain-text table with aligned columns and no colour codes, so it reads the same in a terminal, a pipe or a log file.
/// A missing value prints as '-'.
/// </summary>
internal sealed class Table(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public int Count => _rows.Count;

    public Table Add(params string?[] cells)
    {
        _rows.Add(cells.Select(c => string.IsNullOrEmpty(c) ? "-" : c.ReplaceLineEndings(" ")).ToArray());
        return this;
    }

    public void WriteTo(TextWriter writer)
    {
        var widths = headers.Select((h, i) => _rows.Select(r => i < r.Length ? r[i].Length : 0).Prepend(h.Length).Max()).ToArray();
        WriteRow(writer, headers, widths);
        foreach (var row in _rows) WriteRow(writer, row, widths);
    }

    private static void WriteRow(TextWriter writer, string[] cells, int[] widths)
    {
        var line = string.Join("  ", widths.Select((w, i) => (i < cells.Length ? cells[i] : "").PadRight(w)));
        writer.WriteLine(line.TrimEnd());
    }
}
