using System.Text;
using Portal.Core.Predictions;

namespace LogScale;

/// <summary>
/// The rows the generators write: <see cref="Rows"/> predictions spread evenly over the <see cref="Days"/> before
/// <see cref="End"/>, models taking 60/30/10 shares, inputs drawn from the credit sample's rows (so drift has real
/// features), probabilities uniform, and a label for <see cref="LabelledShare"/> of them that agrees with the score
/// most of the time. Seeded, so a size's data is the same in every run.
/// </summary>
internal sealed class SyntheticLog(long rows, IReadOnlyList<string> models, IReadOnlyList<string> inputs, DateTimeOffset end)
{
    public const int Days = 30;
    public const double LabelledShare = 0.3;

    public long Rows => rows;
    public DateTimeOffset End => end;
    public DateTimeOffset Start => end - TimeSpan.FromDays(Days);

    /// <summary>Served predictions (and labelled ones) per model and hour of key, as the writer and label store would have counted them (PredictionCounts).</summary>
    public Dictionary<(string Model, long Hour), (long Count, long Labelled)> Counts { get; } = [];

    public IEnumerable<Row> Generate()
    {
        var random = new Random(19);
        var span = (end - Start).Ticks;
        for (long i = 0; i < rows; i++)
        {
            var at = Start + TimeSpan.FromTicks((long)(span * (i / (double)rows)));
            var pick = random.NextDouble();
            var model = models[pick < 0.6 || models.Count == 1 ? 0 : pick < 0.9 || models.Count == 2 ? 1 : 2];
            var probability = random.NextDouble();
            var id = PredictionIds.Next(at);
            var key = PredictionIds.KeyOf(id);
            var hour = key / (3_600_000L << PredictionIds.SequenceBits);
            string? trueLabel = null;
            if (random.NextDouble() < LabelledShare)
                trueLabel = random.NextDouble() < 0.2 + 0.6 * probability ? "bad" : "good";
            var bucket = (model, hour);
            var (count, labelled) = Counts.GetValueOrDefault(bucket);
            Counts[bucket] = (count + 1, labelled + (trueLabel is null ? 0 : 1));
            yield return new Row(key, id, model, inputs[random.Next(inputs.Count)], probability >= 0.5 ? "bad" : "good", probability,
                0.5 + 2 * random.NextDouble(), at, trueLabel);
        }
    }

    /// <summary>The credit sample's rows as the JSON objects a client sends (numbers bare, categories quoted).</summary>
    public static List<string> ReadInputs(string csvPath, string label)
    {
        var lines = File.ReadAllLines(csvPath);
        var header = lines[0].Split(',').Select(h => h.Trim('"')).ToArray();
        var result = new List<string>();
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split(',');
            var json = new StringBuilder("{");
            for (var c = 0; c < header.Length; c++)
            {
                if (header[c] == label) continue;
                if (json.Length > 1) json.Append(',');
                json.Append('"').Append(header[c]).Append("\":").Append(cells[c].StartsWith('"') ? cells[c] : cells[c].Length == 0 ? "null" : cells[c]);
            }

            result.Add(json.Append('}').ToString());
        }

        return result;
    }

    internal readonly record struct Row(long Key, Guid Id, string Model, string Inputs, string Label, double Probability, double LatencyMs, DateTimeOffset At, string? TrueLabel);
}
