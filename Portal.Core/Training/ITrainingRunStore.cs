namespace Portal.Core.Training;

public interface ITrainingRunStore
{
    Task AddAsync(TrainingRun run, CancellationToken ct = default);
    Task<TrainingRun?> GetAsync(Guid runId, CancellationToken ct = default);
    Task UpdateAsync(TrainingRun run, CancellationToken ct = default);
    Task<IReadOnlyList<TrainingRun>> ListAsync(string? model, int take, CancellationToken ct = default);
    /// <summary>Runs left queued or running by a previous process (it stopped mid-run).</summary>
    Task<IReadOnlyList<TrainingRun>> ListUnfinishedAsync(CancellationToken ct = default);
}
