namespace Portal.Core.Serving;

/// <summary>The prediction log's persistence. Only the background writer adds; the predict path never calls it.</summary>
public interface IPredictionStore
{
    Task AddBatchAsync(IReadOnlyList<PredictionRecord> records, CancellationToken ct = default);
    Task<PredictionRecord?> GetAsync(Guid id, CancellationToken ct = default);
    Task<long> CountAsync(string? model = null, CancellationToken ct = default);
}
