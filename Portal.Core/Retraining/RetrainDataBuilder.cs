using System.Globalization;
using System.Text;
using Portal.Core.Datasets;
using Portal.Core.Predictions;
using Portal.Core.Registry;
using Portal.Core.Rollouts;

namespace Portal.Core.Retraining;

/// <summary>
/// Picks or builds the dataset a retrain trains on (see <see cref="RetrainData"/>). Outcomes become a new dataset CSV of the
/// base version's feature columns and its label column only: the portal's own outputs (predicted label, probability) and
/// the log's bookkeeping (id, version, time) never reach training. Throws <see cref="RetrainRejectedException"/> when a data
/// check fails.
/// </summary>
public sealed class RetrainDataBuilder(DatasetService datasets, IPredictionStore predictions, TimeProvider time)
{
    public async Task<RetrainDataSet> BuildAsync(ModelVersionInfo baseVersion, RetrainData data, CancellationToken ct = default)
    {
        return data.Source switch
        {
            RetrainNames.FromNewest => await NewestAsync(baseVersion, ct),
            RetrainNames.FromOutcomes => await OutcomesAsync(baseVersion, data, ct),
            _ => await OwnDatasetAsync(baseVersion, ct),
        };
    }

    private async Task<RetrainDataSet> OwnDatasetAsync(ModelVersionInfo baseVersion, CancellationToken ct)
    {
        var dataset = await SourceDatasetAsync(baseVersion, ct);
        return new RetrainDataSet(dataset, new RetrainLineage([Lineage(dataset, "training")], dataset.Id),
            $"The champion's dataset '{dataset.Name}' ({dataset.Rows} rows).");
    }

    private async Task<RetrainDataSet> NewestAsync(ModelVersionInfo baseVersion, CancellationToken ct)
    {
        var newest = (await datasets.ListAsync(ct)).OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).FirstOrDefault()
            ?? throw new RetrainRejectedException(RetrainNames.StepData, "No dataset has been uploaded.");
        var columns = newest.Profile.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var missing = Columns(baseVersion).Where(c => !columns.Contains(c)).ToList();
        if (missing.Count > 0)
            throw new RetrainRejectedException(RetrainNames.StepData,
                $"Schema changed: the newest dataset '{newest.Name}' (id {newest.Id}) lacks the column(s) {string.Join(", ", missing)} of v{baseVersion.Version}.");
        return new RetrainDataSet(newest, new RetrainLineage([Lineage(newest, "training")], newest.Id),
            $"The newest dataset '{newest.Name}' ({newest.Rows} rows).");
    }

    private async Task<RetrainDataSet> OutcomesAsync(ModelVersionInfo baseVersion, RetrainData data, CancellationToken ct)
    {
        var to = time.GetUtcNow();
        var from = to - TimeSpan.FromHours(data.WindowHours);
        var features = baseVersion.Schema.Features.Select(f => f.Name).ToList();
        var rows = new List<string[]>();
        var classes = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var (p, label) in predictions.StreamAsync(new PredictionQuery(Model: baseVersion.Model, From: from, To: to, Labelled: true, Take: int.MaxValue), ct))
        {
            // A shadow score shares the request (and so the label) of the champion's prediction: one row per request.
            if (label is null || p.Arm == RolloutArm.Shadow) continue;
            rows.Add([.. PredictionCsvExport.FeatureValues(p.InputsJson, features), label.TrueLabel]);
            classes.Add(label.TrueLabel);
        }

        var window = $"{Stamp(from)} to {Stamp(to)}";
        if (rows.Count < data.MinLabelledRows)
            throw new RetrainRejectedException(RetrainNames.StepData,
                $"Too few labelled rows: {rows.Count} labelled predictions from {window}; the policy needs at least {data.MinLabelledRows}.");
        if (classes.Count < 2)
            throw new RetrainRejectedException(RetrainNames.StepData,
                $"A single class: every one of the {rows.Count} labelled predictions from {window} is '{classes.Single()}'.");

        var lineage = new List<LineageDataset>();
        var header = Columns(baseVersion);
        var prefix = new List<string?[]>();
        if (data.Append)
        {
            var source = await SourceDatasetAsync(baseVersion, ct);
            var table = datasets.LoadTable(source);
            var indexes = header.Select(table.IndexOf).ToList();
            if (indexes.Contains(-1))
                throw new RetrainRejectedException(RetrainNames.StepData, $"Schema changed: dataset '{source.Name}' lacks column(s) {string.Join(", ", header.Where((_, i) => indexes[i] < 0))}.");
            prefix.AddRange(table.Rows.Select(r => indexes.Select(i => r[i]).ToArray()));
            lineage.Add(Lineage(source, "appended"));
        }

        var csv = await WriteCsvAsync(header, prefix, rows, ct);
        var name = $"{baseVersion.Model} outcomes {from.UtcDateTime:yyyy-MM-dd HH:mm} to {to.UtcDateTime:yyyy-MM-dd HH:mm}";
        var fileName = $"{baseVersion.Model}-outcomes-{to.UtcDateTime:yyyyMMddHHmmss}.csv";
        var dataset = await datasets.ImportAsync(csv, fileName, name, RetrainNames.SystemActor, allowDuplicate: true, ct);
        lineage.Add(Lineage(dataset, "training"));
        var summary = data.Append
            ? $"{rows.Count} labelled predictions from {window} after the {prefix.Count} rows of the champion's dataset: dataset '{dataset.Name}' ({dataset.Rows} rows)."
            : $"{rows.Count} labelled predictions from {window}: dataset '{dataset.Name}'.";
        return new RetrainDataSet(dataset, new RetrainLineage(lineage, dataset.Id, new OutcomesWindow(from, to, rows.Count)), summary);
    }

    /// <summary>The columns a retrain's dataset needs: the base version's features, then its label.</summary>
    private static List<string> Columns(ModelVersionInfo baseVersion) => [.. baseVersion.Schema.Features.Select(f => f.Name), baseVersion.Label];

    private async Task<DatasetInfo> SourceDatasetAsync(ModelVersionInfo baseVersion, CancellationToken ct) =>
        baseVersion.DatasetId is { } id && await datasets.GetAsync(id, ct) is { } dataset
            ? dataset
            : throw new RetrainRejectedException(RetrainNames.StepData, $"v{baseVersion.Version}'s training dataset is no longer registered.");

    private static async Task<MemoryStream> WriteCsvAsync(IReadOnlyList<string> header, IReadOnlyList<string?[]> prefix, IReadOnlyList<string[]> rows, CancellationToken ct)
    {
        var stream = new MemoryStream();
        await using (var text = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true))
        {
            // Training data is written as it is (no formula neutralising: "-1.5" must stay a number).
            var csv = new CsvLineWriter(text);
            foreach (var h in header) csv.WriteField(h);
            await csv.NextRecordAsync(ct);
            foreach (var row in prefix.Concat(rows))
            {
                foreach (var cell in row) csv.WriteField(cell);
                await csv.NextRecordAsync(ct);
            }

            await csv.FlushAsync(ct);
        }

        stream.Position = 0;
        return stream;
    }

    private static LineageDataset Lineage(DatasetInfo d, string role) => new(d.Id, d.Name, d.Sha256, d.Rows, role);

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
