using Microsoft.EntityFrameworkCore;
using Portal.Core.Retraining;
using Portal.Data.Entities;

namespace Portal.Data.Stores;

internal sealed class RetrainingStore(IDbContextFactory<PortalDbContext> factory) : IRetrainingStore
{
    public async Task<RetrainPolicyState?> GetPolicyAsync(string model, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var e = await db.RetrainPolicies.AsNoTracking().FirstOrDefaultAsync(p => p.Model == model, ct);
        return e is null ? null : ToState(e);
    }

    public async Task<IReadOnlyList<RetrainPolicyState>> ListPoliciesAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return (await db.RetrainPolicies.AsNoTracking().OrderBy(p => p.Model).ToListAsync(ct)).Select(ToState).ToList();
    }

    public async Task SavePolicyAsync(RetrainPolicyState state, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var e = await db.RetrainPolicies.FirstOrDefaultAsync(p => p.Model == state.Model, ct);
        if (e is null)
        {
            e = new RetrainPolicyEntity { Model = state.Model, PolicyJson = "", UpdatedBy = state.UpdatedBy };
            db.RetrainPolicies.Add(e);
        }

        e.PolicyJson = DataJson.Write(state.Policy);
        e.UpdatedAt = state.UpdatedAt;
        e.UpdatedBy = state.UpdatedBy;
        e.LastOccurrence = state.LastOccurrence;
        await db.SaveChangesAsync(ct);
    }

    public async Task SetLastOccurrenceAsync(string model, DateTimeOffset occurrence, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var e = await db.RetrainPolicies.FirstOrDefaultAsync(p => p.Model == model, ct);
        if (e is null) return;
        e.LastOccurrence = occurrence;
        await db.SaveChangesAsync(ct);
    }

    public async Task AddPipelineAsync(RetrainPipeline pipeline, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        db.RetrainPipelines.Add(new RetrainPipelineEntity
        {
            Id = pipeline.Id, Model = pipeline.Model, Trigger = pipeline.Trigger, Status = pipeline.Status,
            StartedAt = pipeline.StartedAt, RunId = pipeline.RunId, RecordJson = DataJson.Write(pipeline),
        });
        await db.SaveChangesAsync(ct);
    }

    public async Task UpdatePipelineAsync(RetrainPipeline pipeline, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var e = await db.RetrainPipelines.FirstOrDefaultAsync(p => p.Id == pipeline.Id, ct)
            ?? throw new InvalidOperationException($"Retrain pipeline {pipeline.Id} does not exist.");
        e.Status = pipeline.Status;
        e.RunId = pipeline.RunId;
        e.RecordJson = DataJson.Write(pipeline);
        await db.SaveChangesAsync(ct);
    }

    public async Task<RetrainPipeline?> GetPipelineAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var json = await db.RetrainPipelines.AsNoTracking().Where(p => p.Id == id).Select(p => p.RecordJson).FirstOrDefaultAsync(ct);
        return json is null ? null : DataJson.Read<RetrainPipeline>(json);
    }

    public async Task<RetrainPipeline?> FindByRunAsync(Guid runId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var json = await db.RetrainPipelines.AsNoTracking().Where(p => p.RunId == runId).Select(p => p.RecordJson).FirstOrDefaultAsync(ct);
        return json is null ? null : DataJson.Read<RetrainPipeline>(json);
    }

    public async Task<IReadOnlyList<RetrainPipeline>> ListPipelinesAsync(string model, int take, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        // Ids are version 7 (time-ordered) but compare as SQLite text in another order: sort on the start time.
        var rows = await db.RetrainPipelines.AsNoTracking().Where(p => p.Model == model)
            .OrderByDescending(p => p.StartedAt).Take(take).Select(p => p.RecordJson).ToListAsync(ct);
        return rows.Select(DataJson.Read<RetrainPipeline>).ToList();
    }

    public async Task<IReadOnlyList<RetrainPipeline>> ListRunningAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.RetrainPipelines.AsNoTracking().Where(p => p.Status == RetrainNames.Running).Select(p => p.RecordJson).ToListAsync(ct);
        return rows.Select(DataJson.Read<RetrainPipeline>).ToList();
    }

    public async Task<int> CountLabelsSinceAsync(string model, DateTimeOffset since, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Labels.Where(l => l.ReceivedAt > since)
            .Join(db.Predictions.Where(p => p.Model == model && p.Arm != "shadow"), l => l.PredictionKey, p => p.Key, (l, p) => l).CountAsync(ct);
    }

    private static RetrainPolicyState ToState(RetrainPolicyEntity e) =>
        new(e.Model, DataJson.Read<RetrainPolicy>(e.PolicyJson), e.UpdatedAt, e.UpdatedBy, e.LastOccurrence);
}
