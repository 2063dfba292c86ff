using System.Diagnostics;
using System.Text.Json;
using Portal.Core.Explanations;
using Portal.Core.Registry;
using Portal.Core.Predictions;
using Portal.Core.Rollouts;

namespace Portal.Core.Serving;

/// <summary>
/// Answers predictions: find the served engine, bind and validate the features, score, record.
/// Touches no database: the record goes to the bounded <see cref="PredictionLog"/>. Takes the request's UTF-8 JSON
/// as it arrived; the only copy made is the logged inputs, into the log's own buffer (and, under a shadow rollout, a
/// pooled copy for the shadow queue).
/// </summary>
public sealed class PredictionService(ModelServer server, PredictionLog log, TimeProvider time, IPredictionObserver? observer = null, ShadowQueue? shadow = null)
{
    private readonly IPredictionObserver _observer = observer ?? NoPredictionObserver.Instance;

    /// <summary>
    /// One row from a <c>features</c> object in UTF-8 JSON. When the caller pins neither a version nor an alias and the
    /// model has a rollout, the rollout routes it (by <paramref name="stickyKey"/>, the <c>X-Portal-Key</c> header, or the
    /// rollout's key feature; at random without one).
    /// </summary>
    public PredictOutcome<Prediction> Predict(string model, string? alias, int? version, ReadOnlySpan<byte> features, string? stickyKey = null)
    {
        var started = Stopwatch.GetTimestamp();
        var found = server.Find(model, alias, version);
        if (found.Value is not { } served) return PredictOutcome<Prediction>.Fail(found.Failure, found.Message!);
        var rollout = alias is null && version is null ? server.RolloutOf(model) : null;
        if (rollout is null) return PredictOn(served, LoggedAlias(alias, version), features, started, null, null);

        if (rollout.Assigner.ShadowScores)
        {
            var answered = PredictOn(served, ModelAliases.Champion, features, started, rollout, RolloutArm.Champion);
            if (answered.Value is { } prediction)
            {
                rollout.Stats.ChampionServed();
                shadow?.TryOffer(rollout, features, prediction.PredictionId);
            }

            return answered;
        }

        if (ArmOf(rollout, stickyKey, features) == RolloutArm.Candidate)
        {
            var candidate = PredictOn(rollout.Candidate, null, features, started, rollout, RolloutArm.Candidate);
            if (candidate.Value is not null)
            {
                rollout.Stats.CandidateServed();
                return candidate;
            }

            // The candidate could not answer: the champion does, and the candidate is charged only if the champion could.
            var fallback = PredictOn(served, ModelAliases.Champion, features, started, rollout, RolloutArm.Champion);
            if (fallback.Value is not null)
            {
                rollout.Stats.CandidateError();
                rollout.Stats.ChampionServed();
            }

            return fallback;
        }

        var champion = PredictOn(served, ModelAliases.Champion, features, started, rollout, RolloutArm.Champion);
        if (champion.Value is not null) rollout.Stats.ChampionServed();
        return champion;
    }

    /// <summary>
    /// Scores one row with <paramref name="served"/> and records it. A candidate that throws while scoring is a failure
    /// here (the caller falls back to the champion); the champion's exceptions propagate as before.
    /// </summary>
    private PredictOutcome<Prediction> PredictOn(ServedModel served, string? loggedAlias, ReadOnlySpan<byte> features, long started, ActiveRollout? rollout, RolloutArm? arm)
    {
        var lease = served.Rent();
        try
        {
            Dictionary<string, string[]>? errors = null;
            if (!FeatureRowBinder.TryBind(served.Plan, features, lease.Input, lease.Seen, ref errors))
                return PredictOutcome<Prediction>.Fail(PredictFailure.InvalidInput, "Some features are missing, unknown or of the wrong type.", errors);
            var warnings = CheckRanges(served, lease.Input, features, out var policy);
            if (warnings is not null && policy == InputRangePolicy.Reject)
                return PredictOutcome<Prediction>.Fail(PredictFailure.InvalidInput, OutOfRangeMessage, RangeErrors(warnings, null));
            var probability = (double)lease.Score();
            return PredictOutcome<Prediction>.Ok(Record(served, loggedAlias, features, probability, started, warnings, rollout?.Id, arm));
        }
        catch (Exception ex) when (arm == RolloutArm.Candidate && ex is not OutOfMemoryException)
        {
            return PredictOutcome<Prediction>.Fail(PredictFailure.ModelUnavailable, "The candidate could not score the row.");
        }
        finally
        {
            served.Return(lease);
        }
    }

    /// <summary>
    /// The exact explanation of one <c>features</c> object (UTF-8 JSON) by version <paramref name="version"/> of
    /// <paramref name="model"/> (loaded if it is not serving: <see cref="ModelServer.Find"/> keeps it pinned). Logs nothing.
    /// </summary>
    public PredictOutcome<Explanation> Explain(string model, int version, ReadOnlySpan<byte> features)
    {
        var found = server.Find(model, null, version);
        if (found.Value is not { } served) return PredictOutcome<Explanation>.Fail(found.Failure, found.Message!);
        if (served.ExplainerOrNote(out var note) is not { } explainer)
            return PredictOutcome<Explanation>.Fail(PredictFailure.NotExplainable, $"{model} v{version} cannot be explained: {note}.");
        var row = ModelInput.For(served.Schema);
        var seen = new bool[served.Schema.Features.Count];
        Dictionary<string, string[]>? errors = null;
        if (!FeatureRowBinder.TryBind(served.Plan, features, row, seen, ref errors))
            return PredictOutcome<Explanation>.Fail(PredictFailure.InvalidInput, "Some features are missing, unknown or of the wrong type.", errors);
        return PredictOutcome<Explanation>.Ok(Explanation.Of(served, explainer, row));
    }

    /// <summary>Whether the version a request would reach first can be explained, or why not (null: it can, or the predict call will say what is wrong).</summary>
    public string? WhyNotExplainable(string model, string? alias, int? version) =>
        server.Find(model, alias, version).Value is { } served && served.ExplainerOrNote(out var note) is null
            ? $"{served.Model} v{served.Version} cannot be explained: {note}." : null;

    /// <summary>The arm of a routed request: by the header's key, the key feature's value, or at random.</summary>
    private static RolloutArm ArmOf(ActiveRollout rollout, string? stickyKey, ReadOnlySpan<byte> features)
    {
        var assigner = rollout.Assigner;
        if (assigner.CandidateBasisPoints == 0) return RolloutArm.Champion;
        return rollout.StickyFeatureUtf8 is { } feature
            ? StickyKeyReader.Assign(assigner, features, feature)
            : assigner.Assign(stickyKey);
    }

    /// <summary>One row from a parsed <c>features</c> object (the playground, tests).</summary>
    public PredictOutcome<Prediction> Predict(string model, string? alias, int? version, JsonElement features) =>
        Predict(model, alias, version, JsonSerializer.SerializeToUtf8Bytes(features));

    /// <summary>A batch from an <c>instances</c> array in UTF-8 JSON: every row valid, or none scored and none logged.</summary>
    public PredictOutcome<BatchPrediction> PredictBatch(string model, string? alias, int? version, ReadOnlySpan<byte> instances, int maxRows, string? stickyKey = null)
    {
        var started = Stopwatch.GetTimestamp();
        if (PredictRequestBody.Elements(instances) is not { } rows)
            return PredictOutcome<BatchPrediction>.Fail(PredictFailure.InvalidInput, "'instances' must be an array of feature objects.", new Dictionary<string, string[]> { ["instances"] = ["must be an array."] });
        if (rows.Count > maxRows)
            return PredictOutcome<BatchPrediction>.Fail(PredictFailure.TooManyRows, $"The batch has {rows.Count} rows; the limit is {maxRows}.");
        if (rows.Count == 0)
            return PredictOutcome<BatchPrediction>.Fail(PredictFailure.InvalidInput, "The batch is empty.", new Dictionary<string, string[]> { ["instances"] = ["must hold at least one row."] });

        var found = server.Find(model, alias, version);
        if (found.Value is not { } served) return PredictOutcome<BatchPrediction>.Fail(found.Failure, found.Message!);
        var rollout = alias is null && version is null ? server.RolloutOf(model) : null;
        if (rollout is null) return BatchOn(served, LoggedAlias(alias, version), instances, rows, started, null, null);

        // One request, one arm: a keyed batch is assigned by its header, or by its first row's key feature.
        if (!rollout.Assigner.ShadowScores && ArmOf(rollout, stickyKey, instances[rows[0]]) == RolloutArm.Candidate)
        {
            var candidate = BatchOn(rollout.Candidate, null, instances, rows, started, rollout, RolloutArm.Candidate);
            if (candidate.Value is not null)
            {
                rollout.Stats.CandidateServed();
                return candidate;
            }

            var fallback = BatchOn(served, ModelAliases.Champion, instances, rows, started, rollout, RolloutArm.Champion);
            if (fallback.Value is not null)
            {
                rollout.Stats.CandidateError();
                rollout.Stats.ChampionServed();
            }

            return fallback;
        }

        var champion = BatchOn(served, ModelAliases.Champion, instances, rows, started, rollout, RolloutArm.Champion);
        if (champion.Value is { } batch)
        {
            rollout.Stats.ChampionServed();
            if (rollout.Assigner.ShadowScores)
                for (var i = 0; i < rows.Count; i++) shadow?.TryOffer(rollout, instances[rows[i]], batch.Predictions[i].PredictionId);
        }

        return champion;
    }

    private PredictOutcome<BatchPrediction> BatchOn(ServedModel served, string? loggedAlias, ReadOnlySpan<byte> instances, IReadOnlyList<Range> rows, long started, ActiveRollout? rollout, RolloutArm? arm)
    {
        var lease = served.Rent();
        var probabilities = new double[rows.Count];
        List<InputWarning>?[]? warnings = null;
        Dictionary<string, string[]>? errors = null;
        try
        {
            // Score as rows bind; a bad row stops the scoring but not the checking, so every bad field is named at once.
            for (var i = 0; i < rows.Count; i++)
            {
                if (!FeatureRowBinder.TryBind(served.Plan, instances[rows[i]], lease.Input, lease.Seen, ref errors, batchRow: i)) continue;
                if (CheckRanges(served, lease.Input, instances[rows[i]], out var policy) is { } rowWarnings)
                {
                    if (policy == InputRangePolicy.Reject)
                    {
                        foreach (var (field, messages) in RangeErrors(rowWarnings, i)) (errors ??= new(StringComparer.Ordinal))[field] = messages;
                        continue;
                    }

                    (warnings ??= new List<InputWarning>?[rows.Count])[i] = rowWarnings;
                }

                if (errors is null) probabilities[i] = lease.Score();
            }
        }
        catch (Exception ex) when (arm == RolloutArm.Candidate && ex is not OutOfMemoryException)
        {
            return PredictOutcome<BatchPrediction>.Fail(PredictFailure.ModelUnavailable, "The candidate could not score the rows.");
        }
        finally
        {
            served.Return(lease);
        }

        if (errors is not null)
            return PredictOutcome<BatchPrediction>.Fail(PredictFailure.InvalidInput, "Some rows have missing, unknown, wrongly typed or out-of-range features, or unknown categories.", errors);
        var predictions = new Prediction[rows.Count];
        for (var i = 0; i < predictions.Length; i++)
            predictions[i] = Record(served, loggedAlias, instances[rows[i]], probabilities[i], started, warnings?[i], rollout?.Id, arm);
        return PredictOutcome<BatchPrediction>.Ok(new BatchPrediction(served.Model, served.Version, predictions));
    }

    /// <summary>A batch from a parsed <c>instances</c> array.</summary>
    public PredictOutcome<BatchPrediction> PredictBatch(string model, string? alias, int? version, JsonElement instances, int maxRows) =>
        PredictBatch(model, alias, version, JsonSerializer.SerializeToUtf8Bytes(instances), maxRows);

    private const string OutOfRangeMessage = "Some features are far outside the range the model was trained on, or are categories it never saw, and this model rejects such inputs.";

    /// <summary>The row's input warnings under the model's policy (null when off, nothing unusual, or nothing is known to check).</summary>
    private List<InputWarning>? CheckRanges(ServedModel served, ModelInput row, ReadOnlySpan<byte> features, out InputRangePolicy policy)
    {
        policy = InputRangePolicy.Off;
        if (!served.Ranges.HasChecks) return null;
        policy = server.InputRangeOf(served.Model);
        return policy == InputRangePolicy.Off ? null : served.Ranges.Check(row, features);
    }

    /// <summary>A rejected row's warnings as field errors: the feature (or instances[i].feature) and the message.</summary>
    private static Dictionary<string, string[]> RangeErrors(List<InputWarning> warnings, int? batchRow) =>
        warnings.ToDictionary(w => batchRow is { } i ? $"instances[{i}].{w.Feature}" : w.Feature, w => new[] { w.Message }, StringComparer.Ordinal);

    /// <summary>The alias a prediction was served under: none when the caller pinned a version.</summary>
    private static string? LoggedAlias(string? alias, int? version) => version is null ? alias ?? ModelAliases.Champion : null;

    /// <summary>
    /// Scores a shadowed request with its rollout's candidate, off the response path (the shadow worker), and logs the
    /// score as the <see cref="RolloutArm.Shadow"/> arm paired with the champion's prediction. Releases the request's buffer.
    /// </summary>
    public void ScoreShadow(ShadowRequest request)
    {
        var started = Stopwatch.GetTimestamp();
        var rollout = request.Rollout;
        var candidate = rollout.Candidate;
        try
        {
            var lease = candidate.Rent();
            try
            {
                Dictionary<string, string[]>? errors = null;
                var features = request.Features;
                if (!FeatureRowBinder.TryBind(candidate.Plan, features, lease.Input, lease.Seen, ref errors)
                    || (CheckRanges(candidate, lease.Input, features, out var policy) is not null && policy == InputRangePolicy.Reject))
                {
                    rollout.Stats.ShadowError();
                    return;
                }

                var probability = (double)lease.Score();
                var now = time.GetUtcNow();
                if (log.Enabled)
                    log.Record(PredictionIds.Next(now), candidate.Model, candidate.Version, null, features, candidate.LabelFor(probability), probability,
                        Stopwatch.GetElapsedTime(started).TotalMilliseconds, now, rollout.Id, RolloutArm.Shadow, request.PairedWith);
                rollout.Stats.ShadowScored();
            }
            finally
            {
                candidate.Return(lease);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            rollout.Stats.ShadowError();
        }
        finally
        {
            request.Release();
        }
    }

    /// <summary>Logs the prediction (when the log is on; the log copies <paramref name="inputs"/>, the row's bytes) and counts it.</summary>
    private Prediction Record(ServedModel served, string? alias, ReadOnlySpan<byte> inputs, double probability, long started, IReadOnlyList<InputWarning>? warnings = null,
        Guid? rolloutId = null, RolloutArm? arm = null)
    {
        var now = time.GetUtcNow();
        var prediction = new Prediction(PredictionIds.Next(now), served.Model, served.Version, served.LabelFor(probability), probability, warnings);
        var latencyMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (log.Enabled)
            log.Record(prediction.PredictionId, served.Model, served.Version, alias, inputs, prediction.Label, probability, latencyMs, now, rolloutId, arm);
        _observer.Observed(served.Model, served.Version, prediction.Label, probability, latencyMs);
        return prediction;
    }
}
