using System.Globalization;
using System.Text.Json;
using Portal.Core.Common;
using Portal.Core.Performance;
using Portal.Core.Registry;

namespace Portal.Core.Predictions;

/// <summary>
/// Turns uploaded labels into stored ones: each row must name a logged prediction and carry one of the two classes of
/// that prediction's model version; a timestamp, when given, must parse. Good rows are kept, bad rows reported by line.
/// </summary>
public sealed class LabelIngestion(IPredictionStore predictions, ILabelStore labels, IModelRegistry registry, TimeProvider time, ModelActivityCache? activity = null)
{
    /// <summary>Rows are checked and stored in chunks, so a large file never holds every prediction in memory.</summary>
    private const int Chunk = 1000;

    public const int MaxFileBytes = 50 * 1024 * 1024;

    /// <summary>Reads a CSV upload; throws <see cref="LabelFormatException"/> when the content is not a labels CSV.</summary>
    public async Task<LabelIngestionReport> IngestCsvAsync(Stream csv, string by, CancellationToken ct = default)
    {
        if (!csv.CanSeek)
        {
            // A request body cannot be read synchronously (nor twice): take a copy, within the size limit.
            var copy = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = await csv.ReadAsync(buffer, ct)) > 0)
            {
                if (copy.Length + read > MaxFileBytes) throw new LabelFormatException($"The labels file is larger than {MaxFileBytes / (1024 * 1024)} MB: split it.");
                copy.Write(buffer, 0, read);
            }

            copy.Position = 0;
            csv = copy;
        }

        var (rows, ragged) = LabelCsvReader.Read(csv);
        return await IngestAsync(rows, ragged, by, ct);
    }

    /// <summary>Reads a JSON array of <c>{"predictionId","label","labelTimestamp","source"}</c>.</summary>
    public async Task<LabelIngestionReport> IngestJsonAsync(JsonElement array, string by, CancellationToken ct = default)
    {
        if (array.ValueKind != JsonValueKind.Array) throw new LabelFormatException("Expected a JSON array of {\"predictionId\",\"label\",\"labelTimestamp\",\"source\"}.");
        var rows = new List<LabelRow>();
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            index++;
            rows.Add(item.ValueKind == JsonValueKind.Object
                ? new LabelRow(index, Text(item, "predictionId"), Text(item, "label"), Text(item, "labelTimestamp"), Text(item, "source"))
                : new LabelRow(index, null, null, null, null));
        }

        return await IngestAsync(rows, [], by, ct);
    }

    public async Task<LabelIngestionReport> IngestAsync(IReadOnlyList<LabelRow> rows, IReadOnlyList<RejectedLabel> alreadyRejected, string by, CancellationToken ct = default)
    {
        var rejected = new List<RejectedLabel>(alreadyRejected);
        var classes = new Dictionary<(string, int), (string Positive, string Negative)?>();
        var accepted = 0;
        var now = time.GetUtcNow();
        foreach (var chunk in rows.Chunk(Chunk))
        {
            var ids = chunk.Select(r => Guid.TryParse(r.PredictionId, out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty).Distinct().ToList();
            var found = (await predictions.GetManyAsync(ids, ct)).ToDictionary(p => p.Id);
            var good = new Dictionary<Guid, LabelRecord>();
            foreach (var row in chunk)
            {
                if (string.IsNullOrWhiteSpace(row.PredictionId)) { rejected.Add(new(row.Line, row.PredictionId, "prediction_id is missing.")); continue; }
                if (!Guid.TryParse(row.PredictionId, out var id)) { rejected.Add(new(row.Line, row.PredictionId, $"'{row.PredictionId}' is not a prediction id.")); continue; }
                if (!found.TryGetValue(id, out var prediction)) { rejected.Add(new(row.Line, row.PredictionId, $"No logged prediction has the id {id}.")); continue; }
                var key = (prediction.Model, prediction.Version);
                if (!classes.TryGetValue(key, out var pair))
                {
                    var version = await registry.GetVersionAsync(prediction.Model, prediction.Version, ct);
                    classes[key] = pair = version is null ? null : (version.PositiveClass, version.NegativeClass);
                }

                var label = row.Label?.Trim();
                if (pair is null) { rejected.Add(new(row.Line, row.PredictionId, $"{prediction.Model} v{prediction.Version} is no longer registered.")); continue; }
                if (string.IsNullOrEmpty(label) || (label != pair.Value.Positive && label != pair.Value.Negative))
                {
                    rejected.Add(new(row.Line, row.PredictionId, $"'{label}' is not a class of {prediction.Model} v{prediction.Version}: expected '{pair.Value.Positive}' or '{pair.Value.Negative}'."));
                    continue;
                }

                DateTimeOffset? at = null;
                if (!string.IsNullOrWhiteSpace(row.LabelTimestamp))
                {
                    if (!TryParseTimestamp(row.LabelTimestamp, out var parsed)) { rejected.Add(new(row.Line, row.PredictionId, $"'{row.LabelTimestamp}' is not a timestamp (use ISO 8601, e.g. 2026-01-31T12:00:00Z).")); continue; }
                    at = parsed;
                }

                if (TextLimits.Check(row.Source, TextLimits.Name) is { } tooLong) { rejected.Add(new(row.Line, row.PredictionId, $"label_source {tooLong}.")); continue; }
                var source = string.IsNullOrWhiteSpace(row.Source) ? null : row.Source.Trim();
                good[id] = new LabelRecord(id, label, at, source, now, by);
            }

            if (good.Count == 0) continue;
            await labels.UpsertAsync(good.Values.ToList(), ct);
            // The dashboard's realized metrics include these labels from now on.
            activity?.Invalidate();
            accepted += good.Count;
        }

        return new LabelIngestionReport(accepted, rejected.OrderBy(r => r.Line).ToList());
    }

    /// <summary>ISO 8601 (a missing offset means UTC) or Unix seconds.</summary>
    public static bool TryParseTimestamp(string text, out DateTimeOffset at)
    {
        text = text.Trim();
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out at)) return true;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds is >= 0 and < 1e11)
        {
            at = DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000));
            return true;
        }

        return false;
    }

    private static string? Text(JsonElement item, string name)
    {
        foreach (var p in item.EnumerateObject())
        {
            if (!string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) continue;
            return p.Value.ValueKind switch
            {
                JsonValueKind.String => p.Value.GetString(),
                JsonValueKind.Null or JsonValueKind.Undefined => null,
                _ => p.Value.GetRawText(),
            };
        }

        return null;
    }
}
