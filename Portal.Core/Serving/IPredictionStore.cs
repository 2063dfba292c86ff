namespace Portal.Core.Serving;

/// <summary>The prediction log's persistence. Only the background writer adds; the predict path never calls it.</summary>
public interface IPredictionStore
{
    Task AddBatchAsync(IReadOnlyList<PredictionRecord> records, CancellationToken ct = default);
    Task<PredictionRecord?> GetAsync(Guid id, CancellationToken ct = default);
    Task<long> CountAsync(string? model = null, CancellationToken ct = default);

    /// <summary>
    /// The logged inputs (JSON features objects) of a model (and version, when given) answered in [from, to], newest
    /// first, at most <paramref name="max"/>. Drift runs read them.
    /// </summary>
    Task<IReadOnlyList<string>> ListInputsAsync(string model, int? version, DateTimeOffset from, DateTimeOffset to, int max, CancellationToken ct = default);
}
