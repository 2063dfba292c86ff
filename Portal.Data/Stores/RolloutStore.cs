using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Rollouts;
using Portal.Data.Entities;

namespace Portal.Data.Stores;

/// <summary>
/// Rollouts on EF Core. Each write is one transaction (BEGIN IMMEDIATE on SQLite: the write lock is taken up front, so
/// a state check and the write that follows it cannot interleave with another writer's).
/// </summary>
internal sealed class RolloutStore(IDbContextFactory<PortalDbContext> factory) : IRolloutStore
{
    /// <summary>SQLITE_CONSTRAINT_UNIQUE: the one-active index refused a second active rollout.</summary>
    private const int SqliteConstraintUnique = 2067;

    public async Task<Rollout> CreateAsync(Rollout rollout, RolloutDecision started, CancellationToken ct = default)
    {
        if (!rollout.State.IsActive()) throw new ArgumentException("A rollout starts in an active state.", nameof(rollout));
        await using var db = await factory.CreateDbContextAsync(ct);
        var modelId = await db.Models.Where(m => m.Name == rollout.Model).Select(m => (int?)m.Id).FirstOrDefaultAsync(ct)
            ?? throw new InvalidOperationException($"Model '{rollout.Model}' is not registered.");
        db.Rollouts.Add(new RolloutEntity
        {
            Id = rollout.Id,
            ModelId = modelId,
            ChampionVersion = rollout.ChampionVersion,
            CandidateVersion = rollout.CandidateVersion,
            Kind = RolloutNames.Of(rollout.Kind),
            State = RolloutNames.Of(rollout.State),
            CurrentStep = rollout.CurrentStep,
            PlanJson = RolloutPlanJson.Write(rollout.Plan),
            StartedAt = rollout.StartedAt,
            UpdatedAt = rollout.UpdatedAt,
            EndedAt = rollout.EndedAt,
            Reason = rollout.Reason,
            StartedBy = rollout.StartedBy,
        });
        db.RolloutDecisions.Add(ToEntity(rollout.Id, started));
        try
        {
            // One SaveChanges: the rollout and its first decision in one transaction.
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is SqliteException { SqliteExtendedErrorCode: SqliteConstraintUnique }
                                               or Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            var active = await GetActiveAsync(rollout.Model, ct);
            throw new RolloutConflictException(rollout.Model, active?.Id);
        }

        return rollout;
    }

    public async Task<Rollout?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await Query(db).Where(x => x.R.Id == id).Select(x => ToRollout(x.R, x.Model)).FirstOrDefaultAsync(ct);
    }

    public async Task<IReadOnlyList<Rollout>> ListAsync(string model, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await Query(db).Where(x => x.Model == model).ToListAsync(ct);
        // Ordered here: SQLite orders DateTimeOffset's binary form by local clock time, not by instant.
        return rows.Select(x => ToRollout(x.R, x.Model)).OrderByDescending(r => r.StartedAt).ToList();
    }

    public async Task<Rollout?> GetActiveAsync(string model, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var active = ActiveNames;
        return await Query(db).Where(x => x.Model == model && active.Contains(x.R.State)).Select(x => ToRollout(x.R, x.Model)).FirstOrDefaultAsync(ct);
    }

    public async Task<IReadOnlyList<Rollout>> ListActiveAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var active = ActiveNames;
        var rows = await Query(db).Where(x => active.Contains(x.R.State)).ToListAsync(ct);
        return rows.Select(x => ToRollout(x.R, x.Model)).OrderBy(r => r.Model, StringComparer.Ordinal).ToList();
    }

    public async Task<Rollout?> UpdateAsync(Guid id, RolloutState expected, RolloutState state, int step, RolloutDecision decision, CancellationToken ct = default)
    {
        if (!RolloutStates.CanMove(expected, state))
            throw new ArgumentException($"A rollout cannot move from {RolloutNames.Of(expected)} to {RolloutNames.Of(state)}.", nameof(state));
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var entity = await db.Rollouts.FirstOrDefaultAsync(r => r.Id == id, ct);
        if (entity is null || entity.State != RolloutNames.Of(expected)) return null;
        var kind = RolloutNames.Kind(entity.Kind);
        var plan = RolloutPlanJson.Read(kind, entity.CandidateVersion, entity.PlanJson);
        if (step < 0 || step >= plan.StepCount)
            throw new ArgumentException($"Step {step} is not one of the rollout's {plan.StepCount}.", nameof(step));

        entity.State = RolloutNames.Of(state);
        entity.CurrentStep = step;
        entity.UpdatedAt = decision.At;
        entity.EndedAt = state.IsTerminal() ? decision.At : null;
        entity.Reason = decision.Reason;
        db.RolloutDecisions.Add(ToEntity(id, decision));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        var model = await db.Models.Where(m => m.Id == entity.ModelId).Select(m => m.Name).FirstAsync(ct);
        return ToRollout(entity, model);
    }

    public async Task<IReadOnlyList<RolloutDecision>> ListDecisionsAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.RolloutDecisions.AsNoTracking().Where(d => d.RolloutId == id).OrderBy(d => d.Id).ToListAsync(ct);
        return rows.Select(d => new RolloutDecision(d.At, RolloutNames.Action(d.Action), d.Reason, d.By, d.Step, d.EvidenceJson)).ToList();
    }

    private static readonly string[] ActiveNames = RolloutStates.Active.Select(RolloutNames.Of).ToArray();

    private static IQueryable<Row> Query(PortalDbContext db) =>
        from r in db.Rollouts.AsNoTracking()
        join m in db.Models.AsNoTracking() on r.ModelId equals m.Id
        select new Row { R = r, Model = m.Name };

    private static Rollout ToRollout(RolloutEntity r, string model) =>
        new(r.Id, model, r.ChampionVersion, RolloutPlanJson.Read(RolloutNames.Kind(r.Kind), r.CandidateVersion, r.PlanJson),
            RolloutNames.State(r.State), r.CurrentStep, r.StartedAt, r.UpdatedAt, r.EndedAt, r.Reason, r.StartedBy);

    private static RolloutDecisionEntity ToEntity(Guid rolloutId, RolloutDecision d) => new()
    {
        RolloutId = rolloutId,
        At = d.At,
        Action = RolloutNames.Of(d.Action),
        Reason = d.Reason,
        By = d.By,
        Step = d.Step,
        EvidenceJson = d.EvidenceJson,
    };

    private sealed class Row
    {
        public required RolloutEntity R { get; init; }
        public required string Model { get; init; }
    }
}
