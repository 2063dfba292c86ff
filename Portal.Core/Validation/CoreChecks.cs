using System.Globalization;
using System.Text;
using System.Text.Json;
using Portal.Core.Artefacts;
using Portal.Core.Datasets;
using Portal.Core.Drift;
using Portal.Core.Serving;
using Portal.Core.Training;

namespace Portal.Core.Validation;

/// <summary>
/// The checks of a validation run that need only Core: folders writable, champions answering, a tiny training run,
/// a prediction and a drift computation. None of them leaves anything behind: no file, no registry row, no logged
/// prediction, no stored drift run.
/// </summary>
public static class CoreChecks
{
    /// <summary>Creates, reads back and deletes a temporary file in <paramref name="folder"/>.</summary>
    public static ValidationStep FolderWritable(string name, string folder) => new(name, async ct =>
    {
        var probe = Path.Combine(folder, $".portal-validate-{Guid.NewGuid():N}.tmp");
        byte[] written = [1, 2, 3, 4];
        try
        {
            // A folder not made yet is made, as the portal would on first use; a file in its place cannot be.
            Directory.CreateDirectory(folder);
            await File.WriteAllBytesAsync(probe, written, ct);
            var read = await File.ReadAllBytesAsync(probe, ct);
            if (!read.AsSpan().SequenceEqual(written)) return CheckResult.Fail($"{folder}: a file written there read back different.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return CheckResult.Fail($"{folder} is not writable: {ex.Message}");
        }
        finally
        {
            try { File.Delete(probe); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { /* reported by the write above when it matters */ }
        }

        return CheckResult.Pass($"{folder}: a temporary file was created, read back and deleted.");
    });

    /// <summary>Puts, reads back and deletes a probe object in a remote store; the failure names the key and the reason, not the endpoint.</summary>
    public static ValidationStep StoreWritable(string name, IArtefactBlobs store) => new(name, async ct =>
    {
        var key = $".portal-validate-{Guid.NewGuid():N}.tmp";
        byte[] written = [1, 2, 3, 4];
        try
        {
            await store.PutAsync(key, written, ct);
            var read = await store.GetAsync(key, ct);
            if (read is null || !read.AsSpan().SequenceEqual(written)) return CheckResult.Fail($"{key}: an object written to the store read back different.");
        }
        catch (IOException ex)
        {
            return CheckResult.Fail(ex.Message);
        }
        finally
        {
            try { await store.DeleteAsync(key, CancellationToken.None); }
            catch (IOException) { /* reported by the write above when it matters */ }
        }

        return CheckResult.Pass("the S3 bucket: a probe object was written, read back and deleted.");
    });

    /// <summary>One step per model with a champion: the champion scores its own probe row (every feature missing), as at load.</summary>
    public static IEnumerable<ValidationStep> ChampionProbes(ModelServer server)
    {
        var snapshot = server.Snapshot();
        foreach (var status in snapshot.Where(s => s.Champion is not null || s.LastError is not null))
        {
            var model = status.Model;
            yield return new ValidationStep($"champion {model}", _ =>
            {
                if (server.Find(model, null, null).Value is not { } champion)
                    return Task.FromResult(CheckResult.Fail($"{model}: the champion is not loaded: {status.LastError ?? "it is no longer serving"}."));
                var p = Score(champion, lease => Array.Fill(lease.Input.Numeric, float.NaN));
                return Task.FromResult(float.IsFinite(p) && p is >= 0 and <= 1
                    ? CheckResult.Pass($"{model} v{champion.Version} loaded ({champion.ScorerKind}); its probe row scores {p.ToString("0.####", CultureInfo.InvariantCulture)}.")
                    : CheckResult.Fail($"{model} v{champion.Version} scores its probe row {p}, not a probability."));
            });
        }
    }

    /// <summary>Trains a logistic regression on <see cref="ValidationSample"/> in memory; nothing is registered.</summary>
    public static ValidationStep TinyTraining() => new("training run", ct => Task.Run(() =>
    {
        var request = new TrainingRequest(0, ValidationSample.Label, ValidationSample.PositiveClass, TrainerKind.LogisticRegression);
        var trained = new ModelTrainer(numberOfThreads: 1).Train(ValidationSample.Create(), request, ct: ct);
        var auc = trained.Evaluation.Metrics.Auc;
        return double.IsFinite(auc)
            ? CheckResult.Pass($"trained on {ValidationSample.Rows} sample rows in memory (not registered): test AUC {auc.ToString("0.000", CultureInfo.InvariantCulture)}.")
            : CheckResult.Fail("the sample trained to a model without a test AUC.");
    }, ct));

    /// <summary>
    /// A typical row (numeric features at their training mean, categorical at their first category) through the first
    /// champion's binding and scoring path, as a request would go; not logged, so monitoring sees no validation traffic.
    /// </summary>
    public static ValidationStep Prediction(ModelServer server) => new("prediction", _ =>
    {
        var champion = server.Snapshot().Select(s => s.Champion).FirstOrDefault(c => c is not null);
        if (champion is null) return Task.FromResult(CheckResult.Skip("no model has a champion to predict with."));
        var features = TypicalRow(champion.Schema);
        Dictionary<string, string[]>? errors = null;
        var p = float.NaN;
        var lease = champion.Rent();
        try
        {
            if (!FeatureRowBinder.TryBind(champion.Plan, features, lease.Input, lease.Seen, ref errors))
                return Task.FromResult(CheckResult.Fail($"{champion.Model} v{champion.Version} refused a typical row: {string.Join("; ", errors?.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}") ?? [])}"));
            p = lease.Score();
        }
        finally
        {
            champion.Return(lease);
        }

        return Task.FromResult(float.IsFinite(p) && p is >= 0 and <= 1
            ? CheckResult.Pass($"{champion.Model} v{champion.Version} answered a typical row: p={p.ToString("0.####", CultureInfo.InvariantCulture)} ({champion.LabelFor(p)}); not logged.")
            : CheckResult.Fail($"{champion.Model} v{champion.Version} answered {p}, not a probability."));
    });

    /// <summary>Computes drift for the first champion that has traffic in its window, storing nothing; skips when none has.</summary>
    public static ValidationStep Drift(ModelServer server, DriftService drift) => new("drift run", async ct =>
    {
        var models = server.Snapshot().Where(s => s.Champion is not null).Select(s => s.Model).ToList();
        if (models.Count == 0) return CheckResult.Skip("no model has a champion to compute drift for.");
        var reasons = new List<string>();
        foreach (var model in models)
        {
            var outcome = await drift.PreviewAsync(model, ct);
            if (outcome.Run is { } run)
                return CheckResult.Pass($"{model} v{run.Version}: {run.Rows} logged rows against {run.ReferenceRows} reference rows, status {run.Status}, drift share {run.DriftShare.ToString("0.00", CultureInfo.InvariantCulture)} (not stored).");
            if (outcome.Failure is not (DriftFailure.NotEnoughRows or DriftFailure.NoReferenceData)) return CheckResult.Fail($"{model}: {outcome.Message}");
            reasons.Add($"{model}: {outcome.Message}");
        }

        return CheckResult.Skip($"no champion has enough traffic or reference data ({string.Join(" ", reasons)})");
    });

    private static float Score(ServedModel model, Action<EngineLease> fill)
    {
        var lease = model.Rent();
        try
        {
            fill(lease);
            if (lease.Input.Categorical.Length > 0) Array.Fill(lease.Input.Categorical, FeatureSchema.MissingCategory);
            return lease.Score();
        }
        finally
        {
            model.Return(lease);
        }
    }

    private static byte[] TypicalRow(FeatureSchema schema)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var feature in schema.Features)
            {
                switch (feature.Type)
                {
                    case ColumnType.Categorical or ColumnType.Text:
                        json.WriteString(feature.Name, feature.Categories?.FirstOrDefault(c => c is not FeatureSchema.OtherCategory and not FeatureSchema.MissingCategory) ?? "unknown");
                        break;
                    case ColumnType.Boolean:
                        json.WriteBoolean(feature.Name, false);
                        break;
                    default:
                        json.WriteNumber(feature.Name, Math.Round(feature.Range?.Mean ?? 0, 6));
                        break;
                }
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
