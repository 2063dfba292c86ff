using Microsoft.EntityFrameworkCore;
using Portal.Core.Gates;
using Portal.Core.Registry;
using Portal.Core.Training;
using Portal.Data.Entities;

namespace Portal.Data.Stores;

/// <summary>
/// The registry on EF Core. Writes run in one transaction each; on SQLite that transaction is
/// BEGIN IMMEDIATE, which takes the write lock up front, so two writers queue instead of interleaving.
/// </summary>
internal sealed class ModelRegistryStore(IDbContextFactory<PortalDbContext> factory, TimeProvider time, Portal.Core.Webhooks.IWebhookPublisher? webhooks = null) : IModelRegistry
{
    public async Task<IReadOnlyList<ModelSummary>> ListModelsAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var models = await db.Models.AsNoTracking()
            .Include(m => m.Aliases)
            .Select(m => new { Model = m, Count = m.Versions.Count })
            .ToListAsync(ct);
        return models.OrderBy(m => m.Model.Name, StringComparer.Ordinal).Select(m => ToSummary(m.Model, m.Count)).ToList();
    }

    public async Task<ModelDetails?> GetModelAsync(string name, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var model = await db.Models.AsNoTracking().AsSplitQuery()
            .Include(m => m.Aliases)
            .Include(m => m.Versions)
            .FirstOrDefaultAsync(m => m.Name == name, ct);
        if (model is null) return null;
        var served = await ServedAsChampionAsync(db, model.Id, ct);
        var versions = model.Versions.OrderByDescending(v => v.Version).Select(v => ToInfo(model, v, served)).ToList();
        return new ModelDetails(ToSummary(model, model.Versions.Count), versions);
    }

    public async Task<ModelVersionInfo?> GetVersionAsync(string name, int version, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var model = await db.Models.AsNoTracking().Include(m => m.Aliases).FirstOrDefaultAsync(m => m.Name == name, ct);
        if (model is null) return null;
        var entity = await db.ModelVersions.AsNoTracking().FirstOrDefaultAsync(v => v.ModelId == model.Id && v.Version == version, ct);
        return entity is null ? null : ToInfo(model, entity, await ServedAsChampionAsync(db, model.Id, ct));
    }

    public async Task<ModelVersionInfo> AddVersionAsync(NewModelVersion version, Func<int, CancellationToken, Task<StoredArtefact>> writeArtefact, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = time.GetUtcNow();
        var model = await db.Models.Include(m => m.Aliases).FirstOrDefaultAsync(m => m.Name == version.Model, ct);
        if (model is null)
        {
            model = new ModelEntity { Name = version.Model, CreatedAt = now, UpdatedAt = now };
            db.Models.Add(model);
            await db.SaveChangesAsync(ct);
        }

        var number = 1 + (await db.ModelVersions.Where(v => v.ModelId == model.Id).MaxAsync(v => (int?)v.Version, ct) ?? 0);
        var artefact = await writeArtefact(number, ct);
        var entity = new ModelVersionEntity
        {
            ModelId = model.Id,
            Version = number,
            CreatedAt = now,
            CreatedBy = version.CreatedBy,
            Trainer = version.Trainer.ToString(),
            OptionsJson = DataJson.Write(version.Options),
            DatasetId = version.DatasetId,
            DatasetSha256 = version.DatasetSha256,
            Label = version.Label,
            PositiveClass = version.PositiveClass,
            NegativeClass = version.NegativeClass,
            SchemaJson = DataJson.Write(version.Schema),
            EvaluationJson = DataJson.Write(version.Evaluation),
            Auc = version.Evaluation.Metrics.Auc,
            ArtefactPath = artefact.Key,
            Sha256 = artefact.Sha256,
            Stage = nameof(ModelStage.None),
            RunId = version.RunId,
            Source = version.Source,
        };
        db.ModelVersions.Add(entity);
        model.UpdatedAt = now;
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch
        {
            // The row did not land: the artefact written for it would be an orphan.
            if (artefact.Discard is { } discard) await discard();
            throw;
        }

        // Here every new version passes (training, import, ensemble), once its row is committed.
        webhooks?.Publish(new Portal.Core.Webhooks.WebhookEvent(Portal.Core.Webhooks.WebhookEventTypes.VersionRegistered, version.Model, now, new
        {
            version = number, source = version.Source, trainer = version.Trainer.ToString(), actor = version.CreatedBy, auc = version.Evaluation.Metrics.Auc,
            runId = version.RunId, datasetId = version.DatasetId,
        }));
        return ToInfo(model, entity, NoneServed);
    }

    public async Task<AliasMove> SetAliasAsync(string name, string alias, int version, string by, string? reason,
        IReadOnlyList<GateResult>? gates = null, string action = AliasActions.Promote, CancellationToken ct = default)
    {
        if (!ModelAliases.IsKnown(alias)) throw new ArgumentException($"Unknown alias '{alias}'.", nameof(alias));
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Replicas of a fleet move one model one at a time: the lock is held until this transaction ends, and the alias is read
        // after it is taken, so each history row starts where the last one ended. SQLite's one writer already serialises this.
        if (db.Database.IsNpgsql()) await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({ModelLockKey.Of(name)})", ct);
        var model = await db.Models.Include(m => m.Aliases).FirstOrDefaultAsync(m => m.Name == name, ct)
            ?? throw new KeyNotFoundException($"Model '{name}' does not exist.");
        var target = await db.ModelVersions.FirstOrDefaultAsync(v => v.ModelId == model.Id && v.Version == version, ct)
            ?? throw new KeyNotFoundException($"Model '{name}' has no version {version}.");
        var now = time.GetUtcNow();
        var current = model.Aliases.FirstOrDefault(a => a.Alias == alias);
        int? previous = current?.Version;
        if (current is null)
        {
            model.Aliases.Add(new ModelAliasEntity { ModelId = model.Id, Alias = alias, Version = version, AssignedAt = now, AssignedBy = by });
        }
        else
        {
            current.Version = version;
            current.AssignedAt = now;
            current.AssignedBy = by;
        }

        var move = new AliasHistoryEntity
        {
            ModelId = model.Id, Alias = alias, FromVersion = previous, ToVersion = version, At = now, By = by, Reason = reason,
            GatesJson = gates is null ? null : DataJson.Write(gates), Action = action,
        };
        db.AliasHistory.Add(move);
        model.UpdatedAt = now;

        // The stored stage mirrors the aliases (reads derive it anyway): update both versions the move touched.
        var served = await ServedAsChampionAsync(db, model.Id, ct);
        if (alias == ModelAliases.Champion) served.Add(version);
        foreach (var touched in await db.ModelVersions.Where(v => v.ModelId == model.Id && (v.Version == version || v.Version == previous)).ToListAsync(ct))
            touched.Stage = StageOf(model, touched.Version, served).ToString();
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return ToMove(name, move);
    }

    public async Task<IReadOnlyList<AliasMove>> GetHistoryAsync(string name, string? alias = null, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var modelId = await db.Models.Where(m => m.Name == name).Select(m => (int?)m.Id).FirstOrDefaultAsync(ct);
        if (modelId is null) return [];
        var query = db.AliasHistory.AsNoTracking().Where(h => h.ModelId == modelId);
        if (alias is not null) query = query.Where(h => h.Alias == alias);
        var rows = await query.OrderByDescending(h => h.At).ThenByDescending(h => h.Id).ToListAsync(ct);
        return rows.Select(h => ToMove(name, h)).ToList();
    }

    public async Task<int?> VersionAtAsync(string name, string alias, DateTimeOffset at, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var modelId = await db.Models.Where(m => m.Name == name).Select(m => (int?)m.Id).FirstOrDefaultAsync(ct);
        if (modelId is null) return null;
        var last = await db.AliasHistory.AsNoTracking()
            .Where(h => h.ModelId == modelId && h.Alias == alias && h.At <= at)
            .OrderByDescending(h => h.At).ThenByDescending(h => h.Id)
            .FirstOrDefaultAsync(ct);
        return last?.ToVersion;
    }

    public async Task<ModelVersionInfo?> UpdateCardAsync(string name, int version, string? intendedUse, string? limitations, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var model = await db.Models.Include(m => m.Aliases).FirstOrDefaultAsync(m => m.Name == name, ct);
        if (model is null) return null;
        var entity = await db.ModelVersions.FirstOrDefaultAsync(v => v.ModelId == model.Id && v.Version == version, ct);
        if (entity is null) return null;
        entity.IntendedUse = intendedUse;
        entity.Limitations = limitations;
        await db.SaveChangesAsync(ct);
        return ToInfo(model, entity, await ServedAsChampionAsync(db, model.Id, ct));
    }

    public async Task<ModelVersionInfo?> UpdateSchemaAsync(string name, int version, FeatureSchema schema, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var model = await db.Models.Include(m => m.Aliases).FirstOrDefaultAsync(m => m.Name == name, ct);
        if (model is null) return null;
        var entity = await db.ModelVersions.FirstOrDefaultAsync(v => v.ModelId == model.Id && v.Version == version, ct);
        if (entity is null) return null;
        entity.SchemaJson = DataJson.Write(schema);
        await db.SaveChangesAsync(ct);
        return ToInfo(model, entity, await ServedAsChampionAsync(db, model.Id, ct));
    }

    public async Task<ModelVersionInfo?> UpdateEvaluationAsync(string name, int version, Evaluation evaluation, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var model = await db.Models.Include(m => m.Aliases).FirstOrDefaultAsync(m => m.Name == name, ct);
        if (model is null) return null;
        var entity = await db.ModelVersions.FirstOrDefaultAsync(v => v.ModelId == model.Id && v.Version == version, ct);
        if (entity is null) return null;
        entity.EvaluationJson = DataJson.Write(evaluation);
        await db.SaveChangesAsync(ct);
        return ToInfo(model, entity, await ServedAsChampionAsync(db, model.Id, ct));
    }

    public async Task<IReadOnlyList<ModelVersionInfo>> ListAliasedVersionsAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var models = await db.Models.AsNoTracking().AsSplitQuery().Include(m => m.Aliases).Include(m => m.Versions).ToListAsync(ct);
        return models
            // Every version here holds an alias, so its stage does not depend on what served before.
            .SelectMany(m => m.Versions.Where(v => m.Aliases.Any(a => a.Version == v.Version)).Select(v => ToInfo(m, v, NoneServed)))
            .ToList();
    }

    private static ModelSummary ToSummary(ModelEntity m, int versions) => new(
        m.Name,
        m.Description,
        m.Aliases.FirstOrDefault(a => a.Alias == ModelAliases.Champion)?.Version,
        m.Aliases.FirstOrDefault(a => a.Alias == ModelAliases.Challenger)?.Version,
        versions,
        m.UpdatedAt);

    private static readonly IReadOnlySet<int> NoneServed = new HashSet<int>();

    /// <summary>The versions that ever held the champion alias (for telling Archived from None).</summary>
    private static async Task<HashSet<int>> ServedAsChampionAsync(PortalDbContext db, int modelId, CancellationToken ct) =>
        (await db.AliasHistory.AsNoTracking()
            .Where(h => h.ModelId == modelId && h.Alias == ModelAliases.Champion && h.ToVersion != null)
            .Select(h => h.ToVersion!.Value).Distinct().ToListAsync(ct)).ToHashSet();

    private static ModelStage StageOf(ModelEntity m, int version, IReadOnlySet<int> servedAsChampion) =>
        ModelStages.Of(m.Aliases.Where(a => a.Version == version).Select(a => a.Alias).ToList(), servedAsChampion.Contains(version));

    private static ModelVersionInfo ToInfo(ModelEntity m, ModelVersionEntity v, IReadOnlySet<int> servedAsChampion) => new(
        m.Name,
        v.Version,
        v.CreatedAt,
        v.CreatedBy,
        Enum.Parse<TrainerKind>(v.Trainer),
        DataJson.Read<Dictionary<string, double>>(v.OptionsJson),
        v.DatasetId,
        v.DatasetSha256,
        v.Label,
        v.PositiveClass,
        v.NegativeClass,
        DataJson.Read<FeatureSchema>(v.SchemaJson),
        DataJson.Read<Evaluation>(v.EvaluationJson),
        v.ArtefactPath,
        v.Sha256,
        m.Aliases.Where(a => a.Version == v.Version).Select(a => a.Alias).OrderBy(a => a, StringComparer.Ordinal).ToList(),
        StageOf(m, v.Version, servedAsChampion),
        v.RunId)
    {
        Source = v.Source,
        IntendedUse = v.IntendedUse,
        Limitations = v.Limitations,
    };

    private static AliasMove ToMove(string model, AliasHistoryEntity h) => new(
        model, h.Alias, h.FromVersion, h.ToVersion, h.At, h.By, h.Reason,
        h.GatesJson is null ? null : DataJson.Read<List<GateResult>>(h.GatesJson), h.Action);
}
