namespace Portal.Core.Drift;

/// <summary>Stored drift runs (implemented in Portal.Data).</summary>
public interface IDriftRunStore
{
    /// <summary>Stores a run and returns it with its id.</summary>
    Task<DriftRun> AddAsync(DriftRun run, CancellationToken ct = default);

    /// <summary>The newest run of a model, or null when it has none.</summary>
    Task<DriftRun?> LatestAsync(string model, CancellationToken ct = default);

    /// <summary>The newest <paramref name="take"/> runs of a model, newest first.</summary>
    Task<IReadOnlyList<DriftRun>> ListAsync(string model, int take, CancellationToken ct = default);

    /// <summary>The newest run's drift score of every (model, version) that has runs, for seeding the score board at start.</summary>
    Task<IReadOnlyList<VersionDriftScore>> LatestScoresAsync(CancellationToken ct = default);
}
