using Microsoft.EntityFrameworkCore;
using Portal.Core.Labels;
using Portal.Data.Entities;

namespace Portal.Data.Stores;

internal sealed class LabelStore(IDbContextFactory<PortalDbContext> factory) : ILabelStore
{
    public async Task UpsertAsync(IReadOnlyList<LabelRecord> labels, CancellationToken ct = default)
    {
        if (labels.Count == 0) return;
        await using var db = await factory.CreateDbContextAsync(ct);
        var ids = labels.Select(l => l.PredictionId).ToList();
        var existing = await db.Labels.Where(l => ids.Contains(l.PredictionId)).ToDictionaryAsync(l => l.PredictionId, ct);
        foreach (var l in labels)
        {
            if (!existing.TryGetValue(l.PredictionId, out var e))
            {
                e = new LabelEntity { PredictionId = l.PredictionId, TrueLabel = l.TrueLabel, ReceivedBy = l.ReceivedBy };
                db.Labels.Add(e);
                existing[l.PredictionId] = e;
            }

            e.TrueLabel = l.TrueLabel;
            e.LabelTimestamp = l.LabelTimestamp;
            e.Source = l.Source;
            e.ReceivedAt = l.ReceivedAt;
            e.ReceivedBy = l.ReceivedBy;
        }

        await db.SaveChangesAsync(ct);
    }

    public async Task<LabelRecord?> GetAsync(Guid predictionId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var e = await db.Labels.AsNoTracking().FirstOrDefaultAsync(l => l.PredictionId == predictionId, ct);
        return e is null ? null : ToRecord(e);
    }

    internal static LabelRecord ToRecord(LabelEntity e) => new(e.PredictionId, e.TrueLabel, e.LabelTimestamp, e.Source, e.ReceivedAt, e.ReceivedBy);
}
