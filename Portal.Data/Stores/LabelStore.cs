using Microsoft.EntityFrameworkCore;
using Portal.Core.Predictions;
using Portal.Data.Entities;

namespace Portal.Data.Stores;

internal sealed class LabelStore(IDbContextFactory<PortalDbContext> factory) : ILabelStore
{
    /// <summary>Labels are keyed by their prediction's key; a label whose prediction is gone (retention) is not stored.</summary>
    public async Task UpsertAsync(IReadOnlyList<LabelRecord> labels, CancellationToken ct = default)
    {
        if (labels.Count == 0) return;
        await using var db = await factory.CreateDbContextAsync(ct);
        var predictions = await PredictionStore.FindManyAsync(db, labels.Select(l => l.PredictionId), ct);
        var keys = predictions.ToDictionary(p => p.Key, p => p.Value.Key);
        var wanted = keys.Values.ToList();
        var existing = await db.Labels.Where(l => wanted.Contains(l.PredictionKey)).ToDictionaryAsync(l => l.PredictionKey, ct);
        var added = new Dictionary<(string Model, int Version, long Hour), long>();
        foreach (var l in labels)
        {
            if (!keys.TryGetValue(l.PredictionId, out var key)) continue;
            if (!existing.TryGetValue(key, out var e))
            {
                var p = predictions[l.PredictionId];
                e = new LabelEntity
                {
                    PredictionKey = key, PredictionId = l.PredictionId, TrueLabel = l.TrueLabel, ReceivedBy = l.ReceivedBy,
                    Model = p.Model, Version = p.Version, PredictionAt = p.At, Probability = p.Probability, Shadow = p.Arm == PredictionCounts.ShadowArm,
                };
                db.Labels.Add(e);
                existing[key] = e;
                if (!e.Shadow)
                {
                    var bucket = (p.Model, p.Version, PredictionCounts.HourOf(key));
                    added[bucket] = added.GetValueOrDefault(bucket) + 1;
                }
            }

            e.TrueLabel = l.TrueLabel;
            e.LabelTimestamp = l.LabelTimestamp;
            e.Source = l.Source;
            e.ReceivedAt = l.ReceivedAt;
            e.ReceivedBy = l.ReceivedBy;
        }

        // The new labels and their counters' increments in one transaction (PredictionCounts.Labelled).
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        foreach (var ((model, version, hour), n) in added)
            await db.PredictionCounts.Where(c => c.Model == model && c.Version == version && c.Hour == hour)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Labelled, c => c.Labelled + n), ct);
        await transaction.CommitAsync(ct);
    }

    public async Task<LabelRecord?> GetAsync(Guid predictionId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        // A label's key is its prediction's, so the id's millisecond narrows the search here as it does for predictions.
        var (first, end) = PredictionIds.KeysOfMillisecondOf(predictionId);
        var e = await db.Labels.AsNoTracking().FirstOrDefaultAsync(l => l.PredictionKey >= first && l.PredictionKey < end && l.PredictionId == predictionId, ct);
        return e is null ? null : ToRecord(e);
    }

    internal static LabelRecord ToRecord(LabelEntity e) => new(e.PredictionId, e.TrueLabel, e.LabelTimestamp, e.Source, e.ReceivedAt, e.ReceivedBy);
}
