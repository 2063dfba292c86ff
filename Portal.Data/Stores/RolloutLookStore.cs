using Microsoft.EntityFrameworkCore;
using Portal.Core.Rollouts;
using Portal.Data.Entities;

namespace Portal.Data.Stores;

/// <summary>The decision loop's kept looks on EF Core, one row each, read back in the order they were written.</summary>
internal sealed class RolloutLookStore(IDbContextFactory<PortalDbContext> factory) : IRolloutLookStore
{
    public async Task AppendAsync(RolloutLook look, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(look);
        await using var db = await factory.CreateDbContextAsync(ct);
        db.RolloutLooks.Add(ToEntity(look));
        await db.SaveChangesAsync(ct);
    }

    public async Task<RolloutLook?> LastAsync(Guid rolloutId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var row = await db.RolloutLooks.AsNoTracking().Where(l => l.RolloutId == rolloutId).OrderByDescending(l => l.Id).FirstOrDefaultAsync(ct);
        return row is null ? null : ToLook(row);
    }

    public async Task<IReadOnlyList<RolloutLook>> ListLooksAsync(Guid rolloutId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.RolloutLooks.AsNoTracking().Where(l => l.RolloutId == rolloutId).OrderBy(l => l.Id).ToListAsync(ct);
        return rows.Select(ToLook).ToList();
    }

    private static RolloutLookEntity ToEntity(RolloutLook l) => new()
    {
        RolloutId = l.RolloutId,
        At = l.At,
        State = RolloutNames.Of(l.State),
        Step = l.Step,
        CandidateBasisPoints = l.CandidateBasisPoints,
        ChampionVersion = l.Champion.Version,
        ChampionRequests = l.Champion.Requests,
        ChampionErrors = l.Champion.Errors,
        ChampionPositiveRate = l.Champion.PredictedPositiveRate,
        ChampionLabelled = l.Champion.Labelled,
        ChampionAccuracy = l.Champion.Accuracy,
        ChampionAuc = l.Champion.Auc,
        ChampionP95Ms = l.Champion.LatencyP95Ms,
        CandidateVersion = l.Candidate.Version,
        CandidateRequests = l.Candidate.Requests,
        CandidateErrors = l.Candidate.Errors,
        CandidatePositiveRate = l.Candidate.PredictedPositiveRate,
        CandidateLabelled = l.Candidate.Labelled,
        CandidateAccuracy = l.Candidate.Accuracy,
        CandidateAuc = l.Candidate.Auc,
        CandidateP95Ms = l.Candidate.LatencyP95Ms,
        PValue = l.PValue,
        Alpha = l.Alpha,
        DisagreementRate = l.DisagreementRate,
        McNemarPValue = l.McNemarPValue,
    };

    private static RolloutLook ToLook(RolloutLookEntity e) => new(
        e.RolloutId, e.At, RolloutNames.State(e.State), e.Step, e.CandidateBasisPoints,
        new RolloutLookArm(e.ChampionVersion, e.ChampionRequests, e.ChampionErrors, e.ChampionPositiveRate, e.ChampionLabelled, e.ChampionAccuracy, e.ChampionAuc, e.ChampionP95Ms),
        new RolloutLookArm(e.CandidateVersion, e.CandidateRequests, e.CandidateErrors, e.CandidatePositiveRate, e.CandidateLabelled, e.CandidateAccuracy, e.CandidateAuc, e.CandidateP95Ms),
        e.PValue, e.Alpha, e.DisagreementRate, e.McNemarPValue);
}
