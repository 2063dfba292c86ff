using Microsoft.EntityFrameworkCore;
using Portal.Core.Training;
using Portal.Data.Entities;

namespace Portal.Data.Stores;

internal sealed class TrainingRunStore(IDbContextFactory<PortalDbContext> factory) : ITrainingRunStore
{
    public async Task AddAsync(TrainingRun run, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        db.TrainingRuns.Add(ToEntity(run, new TrainingRunEntity { Model = run.Model, Status = "", RequestJson = "", CreatedBy = run.CreatedBy }));
        await db.SaveChangesAsync(ct);
    }

    public async Task<TrainingRun?> GetAsync(Guid runId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var entity = await db.TrainingRuns.AsNoTracking().FirstOrDefaultAsync(r => r.RunId == runId, ct);
        return entity is null ? null : ToRun(entity);
    }

    public async Task UpdateAsync(TrainingRun run, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var entity = await db.TrainingRuns.FirstOrDefaultAsync(r => r.RunId == run.RunId, ct)
            ?? throw new InvalidOperationException($"Training run {run.RunId} does not exist.");
        ToEntity(run, entity);
        await db.SaveChangesAsync(ct);
    }

    public async Task<IReadOnlyList<TrainingRun>> ListAsync(string? model, int take, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var query = db.TrainingRuns.AsNoTracking();
        if (model is not null) query = query.Where(r => r.Model == model);
        var entities = await query.OrderByDescending(r => r.CreatedAt).Take(take).ToListAsync(ct);
        return entities.Select(ToRun).ToList();
    }

    public async Task<IReadOnlyList<TrainingRun>> ListUnfinishedAsync(CancellationToken ct = default)
    {
        string[] unfinished = [nameof(RunStatus.Queued), nameof(RunStatus.Running)];
        await using var db = await factory.CreateDbContextAsync(ct);
        var entities = await db.TrainingRuns.AsNoTracking().Where(r => unfinished.Contains(r.Status)).ToListAsync(ct);
        return entities.Select(ToRun).ToList();
    }

    private static TrainingRunEntity ToEntity(TrainingRun run, TrainingRunEntity e)
    {
        e.RunId = run.RunId;
        e.Model = run.Model;
        e.Status = run.Status.ToString();
        e.Progress = run.Progress;
        e.Version = run.Version;
        e.MetricsJson = run.Metrics is null ? null : DataJson.Write(run.Metrics);
        e.SweepJson = run.Sweep is null ? null : DataJson.Write(run.Sweep);
        e.Error = run.Error;
        e.RequestJson = DataJson.Write(run.Request);
        e.CreatedBy = run.CreatedBy;
        e.CreatedAt = run.CreatedAt;
        e.FinishedAt = run.FinishedAt;
        return e;
    }

    private static TrainingRun ToRun(TrainingRunEntity e) => new(
        e.RunId,
        e.Model,
        Enum.Parse<RunStatus>(e.Status),
        e.Progress,
        e.Version,
        e.MetricsJson is null ? null : DataJson.Read<ModelMetrics>(e.MetricsJson),
        e.Error,
        DataJson.Read<TrainingRequest>(e.RequestJson),
        e.CreatedBy,
        e.CreatedAt,
        e.FinishedAt)
    {
        Sweep = e.SweepJson is null ? null : DataJson.Read<SweepResult>(e.SweepJson),
    };
}
