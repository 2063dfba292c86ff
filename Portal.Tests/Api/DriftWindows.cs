using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Predictions;

namespace Portal.Tests.Api;

/// <summary>Logged predictions for drift runs: breast_cancer.csv's rows as they are, or with one feature shifted by +3 sd.</summary>
public static class DriftWindows
{
    public const string Shifted = "mean_radius";

    /// <summary>Inserts <paramref name="rows"/> straight into the prediction store as champion predictions of <paramref name="version"/>.</summary>
    public static async Task LogAsync(IServiceProvider services, string model, int version, IReadOnlyList<JsonObject> rows)
    {
        var now = DateTimeOffset.UtcNow;
        var records = rows.Select((row, i) => new PredictionRecord(PredictionIds.Next(now.AddSeconds(-i)), model, version, "champion", row.ToJsonString(), "benign", 0.1, 1, now.AddSeconds(-i))).ToList();
        await services.GetRequiredService<IPredictionStore>().AddBatchAsync(records);
    }

    public static List<JsonObject> Rows()
    {
        var lines = File.ReadLines(TestPaths.Sample("breast_cancer.csv")).Select(l => l.Split(',')).ToList();
        return lines.Skip(1).Select(values =>
        {
            var row = new JsonObject();
            foreach (var (name, value) in lines[0].Zip(values).Where(p => p.First != "diagnosis"))
                row[name] = double.Parse(value, CultureInfo.InvariantCulture);
            return row;
        }).ToList();
    }

    public static List<JsonObject> ShiftedRows()
    {
        var rows = Rows();
        var values = rows.Select(r => r[Shifted]!.GetValue<double>()).ToArray();
        var mean = values.Average();
        var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
        foreach (var row in rows) row[Shifted] = row[Shifted]!.GetValue<double>() + 3 * sd;
        return rows;
    }
}
