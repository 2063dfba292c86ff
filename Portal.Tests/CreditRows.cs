using System.Globalization;
using System.Text.Json.Nodes;

namespace Portal.Tests;

/// <summary>The demo's dataset (samples/credit_data.csv) as predict request rows, for tests that send real traffic.</summary>
public static class CreditRows
{
    /// <summary>
    /// The first <paramref name="count"/> complete rows (no empty cell) as feature objects without the label Status,
    /// numbers as numbers and quoted cells as strings; the complete rows are repeated when more are asked for.
    /// </summary>
    public static List<JsonObject> Features(int count)
    {
        var lines = File.ReadLines(TestPaths.Sample("credit_data.csv")).Select(l => l.Split(',')).ToList();
        var header = lines[0].Select(h => h.Trim('"')).ToArray();
        var complete = lines.Skip(1).Where(c => c.All(v => v.Length > 0)).ToList();
        var rows = new List<JsonObject>(count);
        for (var r = 0; r < count; r++)
        {
            var cells = complete[r % complete.Count];
            var row = new JsonObject();
            for (var i = 0; i < header.Length; i++)
            {
                if (header[i] == "Status") continue;
                row[header[i]] = cells[i].StartsWith('"') ? cells[i].Trim('"') : double.Parse(cells[i], CultureInfo.InvariantCulture);
            }

            rows.Add(row);
        }

        return rows;
    }
}
