
namespace Portal.Core.Predictions;

/// <summary>The prediction log's persistence. Only the background writer adds; the predict path never calls it.</summary>
public interface IPredictionStore
{
    /// <summary>
    /// Stores the records and returns how many were stored: all of them, save one whose key another record of the
    /// same millisecond holds already (a clock set back), which is skipped.
    /// </summary>
    Task<int> AddBatchAsync(IReadOnlyList<PredictionRecord> records, CancellationToken ct = default);
    Task<PredictionRecord?> GetAsync(Guid id, CancellationToken ct = default);
    Task<long> CountAsync(string? model = null, CancellationToken ct = default);

    /// <summary>The logged predictions among <paramref name="ids"/> (unknown ids are left out).</summary>
    Task<IReadOnlyList<PredictionRecord>> GetManyAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct = default);

    /// <summary>One page of predictions with their labels, newest first, and how many match in all.</summary>
    Task<PredictionPage> QueryAsync(PredictionQuery query, CancellationToken ct = default);

    /// <summary>Every matching prediction with its label, oldest first, read in chunks as it is enumerated (for exports); those logged after the call are left out.</summary>
    IAsyncEnumerable<LabelledPrediction> StreamAsync(PredictionQuery query, CancellationToken ct = default);

    /// <summary>Version, time, probability and true label (when labelled) of a model's predictions in [from, to), in key order.</summary>
    Task<IReadOnlyList<PredictionOutcome>> GetOutcomesAsync(string model, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default);

    /// <summary>
    /// Version, time and probability of a model's served predictions in [from, to), in key order, labelled or not: what
    /// performance estimation needs (no labels, no inputs).
    /// </summary>
    Task<ServedScores> GetScoresAsync(string model, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default);

    /// <summary>
    /// What realized performance needs of a model's predictions in [from, to): the labelled ones and the served counts per
    /// version and bucket (buckets aligned to the Unix epoch; <paramref name="bucket"/> a whole number of hours).
    /// </summary>
    Task<RealizedOutcomes> GetRealizedOutcomesAsync(string model, DateTimeOffset from, DateTimeOffset to, TimeSpan bucket, CancellationToken ct = default);

    /// <summary>Deletes predictions logged before <paramref name="cutoff"/> (their labels go with them); returns how many.</summary>
    Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken ct = default);
    /// <summary>
    /// The logged inputs (JSON features objects, as UTF-8) of a model (and version, when given) answered in [from, to],
    /// newest first, at most <paramref name="max"/>. Drift runs read them.
    /// </summary>
    Task<PredictionInputs> ListInputsAsync(string model, int? version, DateTimeOffset from, DateTimeOffset to, int max, CancellationToken ct = default);
}
