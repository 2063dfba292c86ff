using System.Collections.Concurrent;
using Portal.Core.Datasets;
using Portal.Core.Registry;
using Portal.Core.Predictions;
using Portal.Core.Statistics;

namespace Portal.Core.Drift;

/// <summary>
/// Runs drift monitors: a model version's logged inputs over the last <see cref="DriftSettings.WindowHours"/> against
/// the reference profiles of its training dataset (computed once per version, then kept in memory), feature by feature
/// in parallel. Each run is stored and its drift score published on the <see cref="DriftScoreBoard"/>.
/// </summary>
public sealed class DriftService(
    IModelRegistry registry,
    DatasetService datasets,
    IPredictionStore predictions,
    IDriftRunStore runs,
    DriftScoreBoard scores,
    TimeProvider time,
    DriftSettings settings,
    Webhooks.IWebhookPublisher? webhooks = null)
{
    private readonly ConcurrentDictionary<(string Model, int Version), DriftReference> _references = new();

    public DriftSettings Settings => settings;

    /// <summary>Runs drift for the champion (or <paramref name="version"/>) and stores the run; a failure stores nothing.</summary>
    public async Task<DriftOutcome> RunAsync(string model, string trigger, int? version = null, CancellationToken ct = default)
    {
        var computed = await ComputeAsync(model, trigger, version, ct);
        if (computed.Run is not { } run) return computed;
        run = await runs.AddAsync(run, ct);
        scores.Publish(model, run.Version, run.DriftScore, run.DriftShare);
        if (run.Status is DriftStatuses.Warning or DriftStatuses.Critical)
            webhooks?.Publish(new Webhooks.WebhookEvent(Webhooks.WebhookEventTypes.DriftDetected, model, run.At, new
            {
                version = run.Version, run.Status, run.DriftShare, run.DriftScore, run.Trigger, runId = run.Id, run.Rows,
            }));
        return DriftOutcome.Success(run);
    }

    /// <summary>
    /// Computes the champion's drift as <see cref="RunAsync"/> would, but stores, publishes and announces nothing
    /// (platform validation uses it: a check must not leave a drift run behind). The run's id is 0.
    /// </summary>
    public async Task<DriftOutcome> PreviewAsync(string model, CancellationToken ct = default)
    {
        var computed = await ComputeAsync(model, "validation", null, ct);
        return computed.Run is null ? computed : computed with { Message = $"Drift computed, not stored: {computed.Run.Status}." };
    }

    private async Task<DriftOutcome> ComputeAsync(string model, string trigger, int? version, CancellationToken ct)
    {
        ModelVersionInfo? info;
        if (version is { } v)
        {
            info = await registry.GetVersionAsync(model, v, ct);
            if (info is null)
            {
                return await registry.GetModelAsync(model, ct) is null
                    ? DriftOutcome.Fail(DriftFailure.UnknownModel, $"Model '{model}' does not exist.")
                    : DriftOutcome.Fail(DriftFailure.UnknownVersion, $"Model '{model}' has no version {v}.");
            }
        }
        else
        {
            var details = await registry.GetModelAsync(model, ct);
            if (details is null) return DriftOutcome.Fail(DriftFailure.UnknownModel, $"Model '{model}' does not exist.");
            if (details.Summary.ChampionVersion is not { } champion)
                return DriftOutcome.Fail(DriftFailure.NoChampion, $"Model '{model}' has no champion; pass a version to check.");
            info = details.Versions.FirstOrDefault(x => x.Version == champion) ?? await registry.GetVersionAsync(model, champion, ct);
            if (info is null) return DriftOutcome.Fail(DriftFailure.UnknownVersion, $"Model '{model}' has no version {champion}.");
        }

        var reference = await ReferenceAsync(info, ct);
        if (reference is null)
            return DriftOutcome.Fail(DriftFailure.NoReferenceData, $"{model} v{info.Version} has no registered training dataset to compare with.");

        var to = time.GetUtcNow();
        var from = to - TimeSpan.FromHours(settings.WindowHours);
        var inputs = await predictions.ListInputsAsync(model, info.Version, from, to, settings.MaxRows, ct);
        if (inputs.Count < settings.MinRows)
            return DriftOutcome.Fail(DriftFailure.NotEnoughRows,
                $"Not enough predictions in the window: {inputs.Count} logged for {model} v{info.Version} between {from:u} and {to:u}, at least {settings.MinRows} are needed.");

        var report = Compute(reference, DriftInputParser.Parse(inputs, reference.Schema));
        var summary = DatasetDrift.From(report.Features);
        return DriftOutcome.Success(new DriftRun(0, model, info.Version, to, from, to, inputs.Count, reference.Rows, summary.DriftShare,
            summary.DatasetDriftDetected, summary.Status, summary.DriftScore, trigger, report));
    }

    public Task<DriftRun?> LatestAsync(string model, CancellationToken ct = default) => runs.LatestAsync(model, ct);

    public Task<IReadOnlyList<DriftRun>> HistoryAsync(string model, int take = 50, CancellationToken ct = default) =>
        runs.ListAsync(model, Math.Clamp(take, 1, 1000), ct);

    /// <summary>Per-feature drift and histograms of the current columns against the reference, features in parallel.</summary>
    public static DriftReport Compute(DriftReference reference, DriftColumns current)
    {
        var count = reference.Profiles.Count;
        var features = new FeatureDrift?[count];
        var histograms = new FeatureHistogram?[count];
        Parallel.For(0, count, i =>
        {
            var profile = reference.Profiles[i];
            if (current.Numeric[i] is { } numbers)
            {
                using var sorted = SortedWindow.Of(numbers);
                histograms[i] = DriftHistograms.Numeric(profile, sorted.Values);
                if (profile.Rows > 0 && sorted.Values.Length > 0) features[i] = FeatureDriftCalculator.NumericSorted(profile, sorted.Values);
            }
            else
            {
                var values = current.Categorical[i]!;
                var counts = ReferenceProfile.CountCategories(values, out var rows);
                histograms[i] = DriftHistograms.Categorical(profile, counts, rows);
                if (profile.Rows > 0 && rows > 0) features[i] = FeatureDriftCalculator.Categorical(profile, values);
            }
        });
        // A feature with no values on one side has nothing to test; it is left out of the report.
        return new DriftReport(
            features.Where(f => f is not null).Select(f => f!).ToList(),
            histograms.Where((h, i) => h is not null && features[i] is not null).Select(h => h!).ToList());
    }

    private async Task<DriftReference?> ReferenceAsync(ModelVersionInfo info, CancellationToken ct)
    {
        var key = (info.Model, info.Version);
        if (_references.TryGetValue(key, out var cached)) return cached;
        if (info.DatasetId is not { } datasetId || await datasets.GetAsync(datasetId, ct) is not { } dataset) return null;
        // Read a row at a time off the caller's context: a sample of a large file, never the whole table.
        var reference = await Task.Run(() =>
        {
            using var stream = datasets.OpenFile(dataset);
            return ReferenceProfileBuilder.Build(stream, info.Schema, expectedRows: dataset.Rows, ct: ct);
        }, ct);
        return _references.GetOrAdd(key, reference);
    }
}
