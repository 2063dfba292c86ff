using Microsoft.EntityFrameworkCore;
using Portal.Core.Privacy;
using Portal.Data.Entities;

namespace Portal.Data.Stores;

/// <summary>
/// The PII backfill's reads and rewrites of the prediction log, by ranges of its key (the rowid: a range is a seek), and
/// its jobs. A batch's rewrites and the job's new cursor are one short transaction: the writer waits at most that long.
/// </summary>
internal sealed class PiiScrubStore(IDbContextFactory<PortalDbContext> factory) : IPiiScrubStore
{
    public async Task<long> MaxKeyAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Predictions.AsNoTracking().MaxAsync(p => (long?)p.Key, ct) ?? 0;
    }

    public async Task<IReadOnlyList<LoggedInputs>> ReadAsync(long afterKey, long lastKey, int take, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Predictions.AsNoTracking()
            .Where(p => p.Key > afterKey && p.Key <= lastKey)
            .OrderBy(p => p.Key)
            .Take(take)
            .Select(p => new LoggedInputs(p.Key, p.InputsJson))
            .ToListAsync(ct);
    }

    public async Task<PiiScrubJob?> GetLatestAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var e = await db.PiiScrubJobs.AsNoTracking().OrderByDescending(j => j.Id).FirstOrDefaultAsync(ct);
        return e is null ? null : ToJob(e);
    }

    public async Task<PiiScrubJob> CreateAsync(PiiScrubJob job, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var e = new PiiScrubJobEntity { Status = job.Status, StartedBy = job.StartedBy, FieldsJson = "{}" };
        Copy(job, e);
        db.PiiScrubJobs.Add(e);
        await db.SaveChangesAsync(ct);
        return job with { Id = e.Id };
    }

    public async Task CommitBatchAsync(PiiScrubJob job, IReadOnlyList<LoggedInputs> redacted, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var row in redacted)
        {
            var inputs = row.InputsJson;
            await db.Predictions.Where(p => p.Key == row.Key).ExecuteUpdateAsync(s => s.SetProperty(p => p.InputsJson, inputs), ct);
        }

        await SaveAsync(db, job, ct);
        await tx.CommitAsync(ct);
    }

    public async Task SaveAsync(PiiScrubJob job, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await SaveAsync(db, job, ct);
    }

    private static async Task SaveAsync(PortalDbContext db, PiiScrubJob job, CancellationToken ct)
    {
        var e = await db.PiiScrubJobs.SingleAsync(j => j.Id == job.Id, ct);
        Copy(job, e);
        await db.SaveChangesAsync(ct);
    }

    private static void Copy(PiiScrubJob job, PiiScrubJobEntity e)
    {
        e.Status = job.Status;
        e.StartedBy = job.StartedBy;
        e.StartedAt = job.StartedAt;
        e.FinishedAt = job.FinishedAt;
        e.EndKey = job.EndKey;
        e.Cursor = job.Cursor;
        e.Scanned = job.Scanned;
        e.RedactedRows = job.RedactedRows;
        e.FieldsJson = DataJson.Write(job.Fields);
        e.Error = job.Error;
    }

    private static PiiScrubJob ToJob(PiiScrubJobEntity e) =>
        new(e.Id, e.Status, e.StartedBy, e.StartedAt, e.FinishedAt, e.EndKey, e.Cursor, e.Scanned, e.RedactedRows,
            DataJson.Read<Dictionary<string, long>>(e.FieldsJson), e.Error);
}
