namespace Portal.Core.Datasets;

/// <summary>Reads a whole CSV file into a <see cref="CsvTable"/> through <see cref="CsvRowReader"/>.</summary>
public static class CsvTableReader
{
    public static CsvTable Read(Stream stream)
    {
        using var reader = CsvRowReader.Open(stream);
        var rows = new List<string?[]>();
        var lines = new List<int>();
        while (reader.Read())
        {
            rows.Add(reader.Cells);
            lines.Add(reader.Line);
        }

        return new CsvTable(reader.Headers, rows, lines);
    }
}
