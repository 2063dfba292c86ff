using Microsoft.EntityFrameworkCore;
using Portal.Core.Rollouts;
using Portal.Core.Training;
using Portal.Data.Entities;

namespace Portal.Data.Stores;

/// <summary>
/// A rollout's evidence from the prediction log: the window is a range of keys (<see cref="PredictionStore.Window"/>, the
/// log has no index), filtered to the rollout's rows. Per arm: exact counts (SQL COUNT over the whole window) and the
/// newest <c>maxRowsPerArm</c> rows with their labels, so a week of heavy traffic costs a bounded read, not all of it.
/// A shadow score has no label of its own: it takes the one of the champion prediction it is paired with (PairedKey).
/// </summary>
internal sealed class RolloutEvidenceStore(IDbContextFactory<PortalDbContext> factory) : IRolloutEvidenceStore
{
    private static readonly string Shadow = RolloutNames.Of(RolloutArm.Shadow);

    public async Task<RolloutEvidenceRows> ReadAsync(Rollout rollout, DateTimeOffset since, DateTimeOffset stepSince, DateTimeOffset until,
        int maxRowsPerArm = IRolloutEvidenceStore.MaxRowsPerArm, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        ArgumentOutOfRangeException.ThrowIfNegative(maxRowsPerArm);
        await using var db = await factory.CreateDbContextAsync(ct);
        var positives = await db.ModelVersions.AsNoTracking()
            .Where(v => v.Model!.Name == rollout.Model && (v.Version == rollout.ChampionVersion || v.Version == rollout.CandidateVersion))
            .ToDictionaryAsync(v => v.Version, v => v.PositiveClass, ct);
        var championPositive = positives.GetValueOrDefault(rollout.ChampionVersion);
        var candidatePositive = positives.GetValueOrDefault(rollout.CandidateVersion);

        var id = rollout.Id;
        var window = PredictionStore.Window(db.Predictions.AsNoTracking(), since, until).Where(p => p.RolloutId == id);

        // One pass for every arm's predictions and predicted positives (BinaryMetrics' threshold), one per kind of label join.
        var counts = await window
            .GroupBy(p => p.Arm)
            .Select(g => new { Arm = g.Key, Predictions = g.LongCount(), Positive = g.Sum(p => p.Probability >= BinaryMetrics.Threshold ? 1L : 0L) })
            .ToListAsync(ct);
        var labelled = await (
                from p in window
                join l in db.Labels on p.Key equals l.PredictionKey
                group p by p.Arm into g
                select new { Arm = g.Key, Count = g.LongCount() })
            .ToListAsync(ct);
        var step = await PredictionStore.Window(db.Predictions.AsNoTracking(), stepSince, until).Where(p => p.RolloutId == id)
            .GroupBy(p => p.Arm)
            .Select(g => new { Arm = g.Key, Predictions = g.LongCount() })
            .ToListAsync(ct);
        var shadowLabelled = await window.Where(p => p.Arm == Shadow && db.Labels.Any(l => l.PredictionKey == p.PairedKey)).LongCountAsync(ct);

        async Task<RolloutArmRows> Arm(RolloutArm arm, int version, string? positiveClass)
        {
            var name = RolloutNames.Of(arm);
            var count = counts.FirstOrDefault(c => c.Arm == name);
            if (count is null) return RolloutArmRows.Empty(arm, version);
            var labels = arm == RolloutArm.Shadow ? shadowLabelled : labelled.FirstOrDefault(c => c.Arm == name)?.Count ?? 0;
            var rows = arm == RolloutArm.Shadow
                ? await ShadowRowsAsync(db, window, positiveClass, maxRowsPerArm, ct)
                : await ServedRowsAsync(db, window.Where(p => p.Arm == name), positiveClass, maxRowsPerArm, ct);
            var stepCount = step.FirstOrDefault(c => c.Arm == name)?.Predictions ?? 0;
            return new RolloutArmRows(arm, version, count.Predictions, count.Positive, labels, stepCount, rows);
        }

        return new RolloutEvidenceRows(rollout.Id, since, stepSince, until,
            await Arm(RolloutArm.Champion, rollout.ChampionVersion, championPositive),
            await Arm(RolloutArm.Candidate, rollout.CandidateVersion, candidatePositive),
            // A shadow's label is the champion's prediction's, so it means what the champion's positive class means.
            await Arm(RolloutArm.Shadow, rollout.CandidateVersion, championPositive));
    }

    private static async Task<IReadOnlyList<RolloutEvidenceRow>> ServedRowsAsync(PortalDbContext db, IQueryable<PredictionEntity> arm,
        string? positiveClass, int max, CancellationToken ct)
    {
        var rows = await (
                from p in arm.OrderByDescending(p => p.Key).Take(max)
                join l in db.Labels.AsNoTracking() on p.Key equals l.PredictionKey into ls
                from l in ls.DefaultIfEmpty()
                orderby p.Key descending
                select new { p.Id, p.Probability, p.LatencyMs, TrueLabel = l == null ? null : l.TrueLabel })
            .ToListAsync(ct);
        return rows.Select(r => new RolloutEvidenceRow(r.Id, r.Probability, r.LatencyMs, Positive(r.TrueLabel, positiveClass))).ToList();
    }

    private static async Task<IReadOnlyList<RolloutEvidenceRow>> ShadowRowsAsync(PortalDbContext db, IQueryable<PredictionEntity> window,
        string? positiveClass, int max, CancellationToken ct)
    {
        var rows = await (
                from p in window.Where(p => p.Arm == Shadow).OrderByDescending(p => p.Key).Take(max)
                join c in db.Predictions.AsNoTracking() on p.PairedKey equals (long?)c.Key into cs
                from c in cs.DefaultIfEmpty()
                join l in db.Labels.AsNoTracking() on p.PairedKey equals (long?)l.PredictionKey into ls
                from l in ls.DefaultIfEmpty()
                orderby p.Key descending
                select new
                {
                    p.Id,
                    p.Probability,
                    p.LatencyMs,
                    TrueLabel = l == null ? null : l.TrueLabel,
                    PairedId = c == null ? (Guid?)null : c.Id,
                    PairedProbability = c == null ? (double?)null : c.Probability,
                })
            .ToListAsync(ct);
        return rows.Select(r => new RolloutEvidenceRow(r.Id, r.Probability, r.LatencyMs, Positive(r.TrueLabel, positiveClass), r.PairedId, r.PairedProbability)).ToList();
    }

    /// <summary>Whether a true label is the positive class; null when there is none (or the version is gone and its class unknown).</summary>
    private static bool? Positive(string? trueLabel, string? positiveClass) =>
        trueLabel is null || positiveClass is null ? null : trueLabel == positiveClass;
}
