using Microsoft.EntityFrameworkCore;
using Portal.Core.Drift;
using Portal.Data.Entities;

namespace Portal.Data.Stores;

internal sealed class DriftRunStore(IDbContextFactory<PortalDbContext> factory) : IDriftRunStore
{
    public async Task<DriftRun> AddAsync(DriftRun run, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var entity = new DriftRunEntity
        {
            Model = run.Model,
            Version = run.Version,
            At = run.At,
            WindowFrom = run.WindowFrom,
            WindowTo = run.WindowTo,
            Rows = run.Rows,
            ReferenceRows = run.ReferenceRows,
            DriftShare = run.DriftShare,
            DatasetDrift = run.DatasetDrift,
            Status = run.Status,
            DriftScore = run.DriftScore,
            Trigger = run.Trigger,
            ReportJson = DataJson.Write(run.Report),
        };
        db.DriftRuns.Add(entity);
        await db.SaveChangesAsync(ct);
        return run with { Id = entity.Id };
    }

    public async Task<DriftRun?> LatestAsync(string model, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var e = await db.DriftRuns.AsNoTracking().Where(r => r.Model == model)
            .OrderByDescending(r => r.At).ThenByDescending(r => r.Id).FirstOrDefaultAsync(ct);
        return e is null ? null : ToRun(e);
    }

    public async Task<IReadOnlyList<DriftRun>> ListAsync(string model, int take, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.DriftRuns.AsNoTracking().Where(r => r.Model == model)
            .OrderByDescending(r => r.At).ThenByDescending(r => r.Id).Take(take).ToListAsync(ct);
        return rows.Select(ToRun).ToList();
    }

    public async Task<IReadOnlyList<VersionDriftScore>> LatestScoresAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        // Ids grow with every stored run, so the largest id per version is its newest run.
        var newest = db.DriftRuns.GroupBy(r => new { r.Model, r.Version }).Select(g => g.Max(r => r.Id));
        return await db.DriftRuns.AsNoTracking().Where(r => newest.Contains(r.Id))
            .Select(r => new VersionDriftScore(r.Model, r.Version, r.DriftScore, r.DriftShare)).ToListAsync(ct);
    }

    private static DriftRun ToRun(DriftRunEntity e) => new(
        e.Id, e.Model, e.Version, e.At, e.WindowFrom, e.WindowTo, e.Rows, e.ReferenceRows, e.DriftShare, e.DatasetDrift,
        e.Status, e.DriftScore, e.Trigger, DataJson.Read<DriftReport>(e.ReportJson));
}
