namespace Portal.Core.Retraining;

/// <summary>Retrain policies and pipeline records (implemented in Portal.Data).</summary>
public interface IRetrainingStore
{
    Task<RetrainPolicyState?> GetPolicyAsync(string model, CancellationToken ct = default);

    Task<IReadOnlyList<RetrainPolicyState>> ListPoliciesAsync(CancellationToken ct = default);

    /// <summary>Inserts or replaces the model's policy.</summary>
    Task SavePolicyAsync(RetrainPolicyState state, CancellationToken ct = default);

    Task SetLastOccurrenceAsync(string model, DateTimeOffset occurrence, CancellationToken ct = default);

    Task AddPipelineAsync(RetrainPipeline pipeline, CancellationToken ct = default);

    Task UpdatePipelineAsync(RetrainPipeline pipeline, CancellationToken ct = default);

    Task<RetrainPipeline?> GetPipelineAsync(Guid id, CancellationToken ct = default);

    Task<RetrainPipeline?> FindByRunAsync(Guid runId, CancellationToken ct = default);

    /// <summary>The model's pipelines, newest first.</summary>
    Task<IReadOnlyList<RetrainPipeline>> ListPipelinesAsync(string model, int take, CancellationToken ct = default);

    Task<IReadOnlyList<RetrainPipeline>> ListRunningAsync(CancellationToken ct = default);

    /// <summary>How many labels of the model's logged predictions were received after <paramref name="since"/>.</summary>
    Task<int> CountLabelsSinceAsync(string model, DateTimeOffset since, CancellationToken ct = default);
}
