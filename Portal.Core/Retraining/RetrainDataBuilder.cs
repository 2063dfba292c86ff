using System.Globalization;
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
        var count = 0;
        var classes = new HashSet<string>(StringComparer.Ordinal);
        // Spooled to a file as they stream from the log: a wide window never becomes a list of rows.
        await using var outcomes = RetrainCsv.TempFile();
        await using (var text = RetrainCsv.Text(outcomes))
        {
            var csv = new CsvLineWriter(text);
            await foreach (var (p, label) in predictions.StreamAsync(new PredictionQuery(Model: baseVersion.Model, From: from, To: to, Labelled: true, Take: int.MaxValue), ct))
            {
                // A shadow score shares the request (and so the label) of the champion's prediction: one row per request.
                if (label is null || p.Arm == RolloutArm.Shadow) continue;
                foreach (var value in PredictionCsvExport.FeatureValues(p.InputsJson, features)) csv.WriteField(value);
                csv.WriteField(label.TrueLabel);
                await csv.NextRecordAsync(ct);
                count++;
                classes.Add(label.TrueLabel);
            }

            await csv.FlushAsync(ct);
        }

        var window = $"{Stamp(from)} to {Stamp(to)}";
        if (count < data.MinLabelledRows)
            throw new RetrainRejectedException(RetrainNames.StepData,
                $"Too few labelled rows: {count} labelled predictions from {window}; the policy needs at least {data.MinLabelledRows}.");
        if (classes.Count < 2)
            throw new RetrainRejectedException(RetrainNames.StepData,
                $"A single class: every one of the {count} labelled predictions from {window} is '{classes.Single()}'.");

        var lineage = new List<LineageDataset>();
        DatasetInfo? source = null;
        if (data.Append)
        {
            source = await SourceDatasetAsync(baseVersion, ct);
            lineage.Add(Lineage(source, "appended"));
        }

        await using var csvFile = RetrainCsv.TempFile();
        int prefix;
        await using (var sourceFile = source is null ? null : datasets.OpenFile(source))
            prefix = await RetrainCsv.WriteAsync(csvFile, Columns(baseVersion), sourceFile, source?.Name, outcomes, ct);
        csvFile.Position = 0;
        var name = $"{baseVersion.Model} outcomes {from.UtcDateTime:yyyy-MM-dd HH:mm} to {to.UtcDateTime:yyyy-MM-dd HH:mm}";
        var fileName = $"{baseVersion.Model}-outcomes-{to.UtcDateTime:yyyyMMddHHmmss}.csv";
        var dataset = await datasets.ImportAsync(csvFile, fileName, name, RetrainNames.SystemActor, allowDuplicate: true, ct);
        lineage.Add(Lineage(dataset, "training"));
        var summary = data.Append
            ? $"{count} labelled predictions from {window} after the {prefix} rows of the champion's dataset: dataset '{dataset.Name}' ({dataset.Rows} rows)."
            : $"{count} labelled predictions from {window}: dataset '{dataset.Name}'.";
        return new RetrainDataSet(dataset, new RetrainLineage(lineage, dataset.Id, new OutcomesWindow(from, to, count)), summary);
    }

    /// <summary>The columns a retrain's dataset needs: the base version's features, then its label.</summary>
    private static List<string> Columns(ModelVersionInfo baseVersion) => [.. baseVersion.Schema.Features.Select(f => f.Name), baseVersion.Label];

    private async Task<DatasetInfo> SourceDatasetAsync(ModelVersionInfo baseVersion, CancellationToken ct) =>
        baseVersion.DatasetId is { } id && await datasets.GetAsync(id, ct) is { } dataset
            ? dataset
            : throw new RetrainRejectedException(RetrainNames.StepData, $"v{baseVersion.Version}'s training dataset is no longer registered.");

    private static LineageDataset Lineage(DatasetInfo d, string role) => new(d.Id, d.Name, d.Sha256, d.Rows, role);

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
