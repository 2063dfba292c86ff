using System.Collections.Concurrent;
using System.Text;
using Portal.Core.Datasets;

namespace Portal.Tests.Core.Training;

/// <summary>
/// A test-only CSV loader (RFC 4180 quoting; an empty cell is missing) until CsvTableReader lands:
/// replace its uses with <c>CsvTableReader.Read(stream)</c> then. Sample tables are read once per test run.
/// </summary>
internal static class SampleTables
{
    private static readonly ConcurrentDictionary<string, CsvTable> Cache = new();

    public static CsvTable Sample(string fileName) => Cache.GetOrAdd(fileName, f => FromText(File.ReadAllText(TestPaths.Sample(f))));

    public static CsvTable FromText(string csv)
    {
        var records = new List<(List<string> Fields, bool[] Quoted, int Line)>();
        var fields = new List<string>();
        var quotedFlags = new List<bool>();
        var field = new StringBuilder();
        bool inQuotes = false, quoted = false;
        int line = 1, recordLine = 1;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (inQuotes)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') inQuotes = false;
                else { if (c == '\n') line++; field.Append(c); }
                continue;
            }

            switch (c)
            {
                case '"': inQuotes = quoted = true; break;
                case ',': fields.Add(field.ToString()); quotedFlags.Add(quoted); field.Clear(); quoted = false; break;
                case '\r': break;
                case '\n':
                    fields.Add(field.ToString()); quotedFlags.Add(quoted); field.Clear(); quoted = false;
                    records.Add((fields, quotedFlags.ToArray(), recordLine));
                    fields = []; quotedFlags.Clear(); line++; recordLine = line;
                    break;
                default: field.Append(c); break;
            }
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString()); quotedFlags.Add(quoted);
            records.Add((fields, quotedFlags.ToArray(), recordLine));
        }

        var headers = records[0].Fields;
        var data = records.Skip(1).Where(r => !(r.Fields.Count == 1 && r.Fields[0].Length == 0)).ToList();
        var rows = data.Select(r => r.Fields.Select(v => v.Length == 0 ? null : v).ToArray()).ToList();
        return new CsvTable(headers, rows, data.Select(r => r.Line).ToList());
    }
}
