using System.Diagnostics;
using System.Text.Json;
using Portal.Core.Registry;

namespace Portal.Core.Serving;

/// <summary>
/// Answers predictions: find the served engine, bind and validate the features, score, record.
/// Touches no database: the record goes to the bounded <see cref="PredictionLog"/>.
/// </summary>
public sealed class PredictionService(ModelServer server, PredictionLog log, TimeProvider time, IPredictionObserver? observer = null)
{
    private readonly IPredictionObserver _observer = observer ?? NoPredictionObserver.Instance;

    public PredictOutcome<Prediction> Predict(string model, string? alias, int? version, JsonElement features)
    {
        var started = Stopwatch.GetTimestamp();
        var found = server.Find(model, alias, version);
        if (found.Value is not { } served) return PredictOutcome<Prediction>.Fail(found.Failure, found.Message!);

        var lease = served.Rent();
        try
        {
            Dictionary<string, string[]>? errors = null;
            if (!FeatureRowBinder.TryBind(served, features, lease, ref errors))
                return PredictOutcome<Prediction>.Fail(PredictFailure.InvalidInput, "Some features are missing, unknown or of the wrong type.", errors);
            var prediction = Score(served, lease, LoggedAlias(alias, version), features, started);
            return PredictOutcome<Prediction>.Ok(prediction);
        }
        finally
        {
            served.Return(lease);
        }
    }

    public PredictOutcome<BatchPrediction> PredictBatch(string model, string? alias, int? version, JsonElement instances, int maxRows)
    {
        var started = Stopwatch.GetTimestamp();
        if (instances.ValueKind != JsonValueKind.Array)
            return PredictOutcome<BatchPrediction>.Fail(PredictFailure.InvalidInput, "'instances' must be an array of feature objects.", new Dictionary<string, string[]> { ["instances"] = ["must be an array."] });
        var count = instances.GetArrayLength();
        if (count > maxRows)
            return PredictOutcome<BatchPrediction>.Fail(PredictFailure.TooManyRows, $"The batch has {count} rows; the limit is {maxRows}.");
        if (count == 0)
            return PredictOutcome<BatchPrediction>.Fail(PredictFailure.InvalidInput, "The batch is empty.", new Dictionary<string, string[]> { ["instances"] = ["must hold at least one row."] });

        var found = server.Find(model, alias, version);
        if (found.Value is not { } served) return PredictOutcome<BatchPrediction>.Fail(found.Failure, found.Message!);

        var lease = served.Rent();
        try
        {
            // Validate every row before scoring any, so a bad batch is answered whole and nothing is logged.
            Dictionary<string, string[]>? errors = null;
            var i = 0;
            foreach (var row in instances.EnumerateArray())
                FeatureRowBinder.TryBind(served, row, lease, ref errors, $"instances[{i++}].");
            if (errors is not null)
                return PredictOutcome<BatchPrediction>.Fail(PredictFailure.InvalidInput, "Some rows have missing, unknown or wrongly typed features.", errors);

            var predictions = new Prediction[count];
            i = 0;
            foreach (var row in instances.EnumerateArray())
            {
                FeatureRowBinder.TryBind(served, row, lease, ref errors);
                predictions[i++] = Score(served, lease, LoggedAlias(alias, version), row, started);
            }

            return PredictOutcome<BatchPrediction>.Ok(new BatchPrediction(served.Model, served.Version, predictions));
        }
        finally
        {
            served.Return(lease);
        }
    }

    /// <summary>The alias a prediction was served under: none when the caller pinned a version.</summary>
    private static string? LoggedAlias(string? alias, int? version) => version is null ? alias ?? ModelAliases.Champion : null;

    private Prediction Score(ServedModel served, EngineLease lease, string? alias, JsonElement features, long started)
    {
        var probability = (double)lease.Score();
        var prediction = new Prediction(Guid.CreateVersion7(time.GetUtcNow()), served.Model, served.Version, served.LabelFor(probability), probability);
        var latencyMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        log.Record(new PredictionRecord(prediction.PredictionId, served.Model, served.Version, alias, features.GetRawText(), prediction.Label, probability, latencyMs, time.GetUtcNow()));
        _observer.Observed(served.Model, served.Version, prediction.Label, probability, latencyMs);
        return prediction;
    }
}
