using System.Globalization;
using System.Text;
using System.Text.Json;
using Portal.Core.Registry;

namespace Portal.Core.Predictions;

/// <summary>
/// Writes the prediction log of a model as CSV, row by row as the store streams it (never the whole file in memory):
/// the outcomes export (predictions joined with their labels, runbook 004) or the predictions alone. Features become
/// columns (the union of the model's feature names over its versions); every text cell is neutralised.
/// </summary>
public sealed class PredictionCsvExport(IPredictionStore predictions, IModelRegistry registry)
{
    /// <summary>Null when the model does not exist; otherwise the feature columns of its exports.</summary>
    public async Task<IReadOnlyList<string>?> FeatureNamesAsync(string model, CancellationToken ct = default)
    {
        var details = await registry.GetModelAsync(model, ct);
        if (details is null) return null;
        return details.Versions.OrderBy(v => v.Version).SelectMany(v => v.Schema.Features.Select(f => f.Name)).Distinct().ToList();
    }

    public Task WriteOutcomesAsync(Stream output, string model, IReadOnlyList<string> features, CancellationToken ct = default) =>
        WriteAsync(output, model, features, withLabels: true, ct);

    public Task WritePredictionsAsync(Stream output, string model, IReadOnlyList<string> features, CancellationToken ct = default) =>
        WriteAsync(output, model, features, withLabels: false, ct);

    private async Task WriteAsync(Stream output, string model, IReadOnlyList<string> features, bool withLabels, CancellationToken ct)
    {
        await using var text = new StreamWriter(output, new UTF8Encoding(false), bufferSize: 16 * 1024, leaveOpen: true);
        var csv = new CsvLineWriter(text);
        string[] head = withLabels
            ? ["prediction_id", "model", "version", "at", .. features, "predicted_label", "probability", "true_label", "label_timestamp", "label_source"]
            : ["prediction_id", "model", "version", "alias", "at", .. features, "predicted_label", "probability", "latency_ms"];
        foreach (var h in head) csv.WriteField(CsvCell.Neutralise(h));
        await csv.NextRecordAsync(ct);

        await foreach (var (p, label) in predictions.StreamAsync(new PredictionQuery(Model: model, Take: int.MaxValue), ct))
        {
            csv.WriteField(p.Id.ToString());
            csv.WriteField(CsvCell.Neutralise(p.Model));
            csv.WriteField(p.Version.ToString(CultureInfo.InvariantCulture));
            if (!withLabels) csv.WriteField(CsvCell.Neutralise(p.Alias));
            csv.WriteField(Timestamp(p.At));
            foreach (var value in FeatureValues(p.InputsJson, features)) csv.WriteField(CsvCell.Neutralise(value));
            csv.WriteField(CsvCell.Neutralise(p.Label));
            csv.WriteField(p.Probability.ToString("R", CultureInfo.InvariantCulture));
            if (withLabels)
            {
                csv.WriteField(CsvCell.Neutralise(label?.TrueLabel));
                csv.WriteField(label?.LabelTimestamp is { } at ? Timestamp(at) : "");
                csv.WriteField(CsvCell.Neutralise(label?.Source));
            }
            else
            {
                csv.WriteField(p.LatencyMs.ToString("R", CultureInfo.InvariantCulture));
            }

            await csv.NextRecordAsync(ct);
        }

        // Only asynchronous writes reach the response: the writer's own disposal then has nothing left to write.
        await csv.FlushAsync(ct);
    }

    private static string Timestamp(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The value of each feature in the logged inputs object, as text ("" when absent or null).</summary>
    public static string[] FeatureValues(string inputsJson, IReadOnlyList<string> features)
    {
        var values = new string[features.Count];
        Array.Fill(values, "");
        try
        {
            using var doc = JsonDocument.Parse(inputsJson);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return values;
            for (var i = 0; i < features.Count; i++)
            {
                if (!doc.RootElement.TryGetProperty(features[i], out var v)) continue;
                values[i] = v.ValueKind switch
                {
                    JsonValueKind.String => v.GetString() ?? "",
                    JsonValueKind.Null or JsonValueKind.Undefined => "",
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    _ => v.GetRawText(),
                };
            }
        }
        catch (JsonException)
        {
            // A record that is not JSON exports with empty feature cells rather than failing the whole file.
        }

        return values;
    }
}
