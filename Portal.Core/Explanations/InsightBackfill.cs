using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.ML;
using Portal.Core.Datasets;
using Portal.Core.Registry;
using Portal.Core.Serving;
using Portal.Core.Serving.Onnx;
using Portal.Core.Training;

namespace Portal.Core.Explanations;

/// <summary>
/// Gives a version registered before Portal kept them what training gives a version today: the explanation background
/// (node covers or feature means, kept beside the zip), the reliability diagram, the CBPE reference, permutation
/// importance (trained versions) and mean |SHAP|, computed by the code training uses from the stored training dataset
/// (same SHA-256 as the version records) on the same seeded split (the run's request, or the fraction and seed the
/// version's <see cref="Evaluation.EvaluatedOn"/> names). The parts are stored and the loaded instances of the version
/// get the explainer, so explanations work from then on. When the dataset is gone or changed, or the model cannot be
/// explained, the reason is kept in <see cref="Evaluation.InsightsNote"/> and the version is not retried.
/// </summary>
public sealed partial class InsightBackfill(IModelRegistry registry, DatasetService datasets, ArtefactStore artefacts, ModelServer server, ITrainingRunStore runs)
{
    public const string DatasetGone = "training dataset no longer stored";

    /// <summary>
    /// The parts <paramref name="version"/> lacks and the backfill could give it; empty for ensembles, ONNX versions
    /// (imported with all of them, and not explained), and versions already given a reason why not.
    /// </summary>
    public IReadOnlyList<string> Missing(ModelVersionInfo version)
    {
        if (version.Source == VersionSources.Ensemble || version.Evaluation.InsightsNote is not null
            || version.ArtefactKey.EndsWith(OnnxArtefact.Extension, StringComparison.OrdinalIgnoreCase)) return [];
        var e = version.Evaluation;
        var missing = new List<string>();
        if (!ExplanationStore.TryRead(artefacts, version.ArtefactKey, version.Sha256, out _, out _)) missing.Add("explanation background");
        if (e.Calibration is null) missing.Add("calibration");
        if (e.Estimation is null) missing.Add("estimation reference");
        if (e.Importance is null && version.Source == VersionSources.Trained) missing.Add("permutation importance");
        if (e.MeanAbsShap is null) missing.Add("mean |SHAP|");
        return missing;
    }

    /// <summary>
    /// Computes and stores what <paramref name="version"/> lacks (see <see cref="Missing"/>); null when it lacks nothing.
    /// Reads the dataset and scores the test split: run it in the background, never on a request.
    /// </summary>
    public async Task<InsightBackfillResult?> FillAsync(ModelVersionInfo version, CancellationToken ct = default)
    {
        if (Missing(version).Count == 0) return null;
        var e = version.Evaluation;
        var data = await DataAsync(version, ct);
        if (data.Data is null) return await GiveUpAsync(version, data.Why!, ct);

        var artefact = artefacts.ReadVerified(version.ArtefactKey, version.Sha256);
        // Scoring and explaining the split holds a thread for a while: one of its own, as a training does.
        var (evaluation, background, explainer, filled, note) = await TrainingThread.Run(() =>
        {
            var model = ModelArtefact.Load(artefact);
            var training = data.Data;
            var filled = new List<string>();
            ExplanationBackground? background = null;
            string? note = null;
            if (!ExplanationStore.TryRead(artefacts, version.ArtefactKey, version.Sha256, out background, out _))
            {
                // Streamed over the training part: covers and means are sums.
                if (ExplanationBackground.TryCompute(model, training.Schema, training.ReadEach(training.Train), out background, out var why))
                    filled.Add("explanation background");
                else note = $"the model cannot be explained: {why}";
            }

            ShapExplainer? explainer = null;
            if (background is not null && !ShapExplainer.TryCreate(model, training.Schema, background, out explainer, out var unfit))
                note = $"the model cannot be explained: {unfit}";

            var testLabels = training.Test.Select(r => training.Labels[r]).ToArray();
            var testScores = ModelTrainer.Score(model, training, training.Test);
            // Importance and mean |SHAP| hold their rows: the sample of a large test split training explains, all of a small one.
            var explained = ModelTrainer.ExplainedRows(training.Test, data.Seed);
            var explainedAt = explained.Select(r => Array.BinarySearch(training.Test, r)).ToArray();
            if (e.Calibration is null || e.Estimation is null)
            {
                var fresh = BinaryMetrics.Evaluate(testLabels, testScores, training.Train.Length);
                if (e.Calibration is null && fresh.Calibration is not null) filled.Add("calibration");
                if (e.Estimation is null && fresh.Estimation is not null) filled.Add("estimation reference");
                e = e with
                {
                    Calibration = e.Calibration ?? fresh.Calibration,
                    Estimation = e.Estimation ?? fresh.Estimation,
                    Metrics = e.Metrics with { ExpectedCalibrationError = e.Metrics.ExpectedCalibrationError ?? fresh.Metrics.ExpectedCalibrationError },
                };
            }

            if (e.Importance is null && version.Source == VersionSources.Trained
                && ModelTrainer.Importance(model, training, explained, explainedAt.Select(i => testLabels[i]).ToArray(),
                    explainedAt.Select(i => testScores[i]).ToArray(), data.Seed, ct) is { } importance)
            {
                e = e with { Importance = importance };
                filled.Add("permutation importance");
            }

            if (e.MeanAbsShap is null && explainer is not null)
            {
                e = e with { MeanAbsShap = ShapImportance.Compute(explainer, training.Read(explained).ToArray(), ct) };
                filled.Add("mean |SHAP|");
            }

            return (Evaluation: e with { InsightsNote = note }, Background: filled.Contains("explanation background") ? background : null, Explainer: explainer, Filled: filled, Note: note);
        }, ct);

        // Beside the zip before the evaluation says it is there, as training writes it.
        if (background is not null) await ExplanationStore.WriteAsync(artefacts, version.ArtefactKey, version.Sha256, background, ct);
        var updated = await registry.UpdateEvaluationAsync(version.Model, version.Version, evaluation, ct) ?? version;
        server.UpdateExplanation(updated, explainer, note);
        return new InsightBackfillResult(updated, filled, note);
    }

    private sealed record SplitData(DatasetFileData? Data, int Seed, string? Why);

    /// <summary>The version's labelled rows and split, rebuilt as training built them; or why they cannot be.</summary>
    private async Task<SplitData> DataAsync(ModelVersionInfo version, CancellationToken ct)
    {
        if (version.DatasetId is not { } id || await datasets.GetAsync(id, ct) is not { } dataset
            || (version.DatasetSha256 is { } sha && !string.Equals(sha, dataset.Sha256, StringComparison.OrdinalIgnoreCase)))
            return new SplitData(null, 0, DatasetGone);
        var run = version.RunId is { } runId ? await runs.GetAsync(runId, ct) : null;
        double testFraction;
        int seed;
        if (run is not null)
        {
            (testFraction, seed) = (run.Request.TestFraction, run.Request.Seed);
        }
        else if (version.Evaluation.EvaluatedOn is { } on && SplitPattern().Match(on) is { Success: true } m)
        {
            testFraction = double.Parse(m.Groups["percent"].Value, CultureInfo.InvariantCulture) / 100;
            seed = int.Parse(m.Groups["seed"].Value, CultureInfo.InvariantCulture);
        }
        else
        {
            return new SplitData(null, 0, "the split the version was evaluated on is not recorded");
        }

        // The labels and split from one pass over the file; rows are read again from it when scored, never held whole.
        DatasetFileData data;
        try
        {
            var request = new TrainingRequest(id, version.Label, version.PositiveClass, TestFraction: testFraction, Seed: seed);
            data = await Task.Run(() => DatasetFileData.Load(() => datasets.OpenFile(dataset), request, int.MaxValue), ct);
        }
        catch (TrainingValidationException ex)
        {
            return new SplitData(null, 0, $"the training dataset no longer gives the version's split ({ex.Message})");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CsvFormatException)
        {
            return new SplitData(null, 0, DatasetGone);
        }

        // The same features in the same order, and the same test rows, or the numbers would describe another model.
        if (!data.Schema.Features.Select(f => (f.Name, f.Type)).SequenceEqual(version.Schema.Features.Select(f => (f.Name, f.Type))))
            return new SplitData(null, 0, "the training dataset no longer gives the version's features");
        if (data.Test.Length != version.Evaluation.Metrics.TestRows)
            return new SplitData(null, 0, $"the rebuilt test split has {data.Test.Length} rows, the version was evaluated on {version.Evaluation.Metrics.TestRows}");
        return new SplitData(data, seed, null);
    }

    private async Task<InsightBackfillResult> GiveUpAsync(ModelVersionInfo version, string why, CancellationToken ct)
    {
        var updated = await registry.UpdateEvaluationAsync(version.Model, version.Version, version.Evaluation with { InsightsNote = why }, ct) ?? version;
        if (!ExplanationStore.TryRead(artefacts, version.ArtefactKey, version.Sha256, out _, out _)) server.UpdateExplanation(updated, null, why);
        else server.Track(updated);
        return new InsightBackfillResult(updated, [], why);
    }

    [GeneratedRegex(@"^test split \((?<percent>[0-9]+(\.[0-9]+)?)%, seed (?<seed>-?[0-9]+)\)")]
    private static partial Regex SplitPattern();
}
