using Portal.Core.Audit;

namespace Portal.Core.Datasets;

/// <summary>
/// Renames and deletes datasets, each with an audit entry. A dataset a version was trained on is kept: the version's
/// lineage (and retraining on the same data) needs it.
/// </summary>
public sealed class DatasetChanges(IDatasetStore store, DatasetFiles files, IAuditLog audit)
{
    /// <summary>The versions trained on the dataset.</summary>
    public Task<IReadOnlyList<DatasetUse>> UsesAsync(int id, CancellationToken ct = default) => store.UsesAsync(id, ct);

    /// <summary>The renamed dataset, or null when it does not exist. The name is trimmed; the caller checks it is not blank.</summary>
    public async Task<DatasetInfo?> RenameAsync(int id, string name, string actor, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (await store.GetAsync(id, ct) is not { } before) return null;
        var trimmed = name.Trim();
        if (before.Name == trimmed) return before;
        var after = await store.RenameAsync(id, trimmed, ct);
        if (after is not null)
            await audit.RecordDatasetAsync(actor, AuditActions.DatasetRenamed, after, new { from = before.Name, to = after.Name }, ct);
        return after;
    }

    /// <summary>Deletes the dataset and, when no other dataset has the same content, its stored file.</summary>
    public async Task<DatasetDeletion> DeleteAsync(int id, string actor, CancellationToken ct = default)
    {
        var deletion = await store.DeleteIfUnusedAsync(id, ct);
        if (!deletion.Deleted) return deletion;
        var dataset = deletion.Dataset!;
        if (!deletion.FileStillUsed) await files.DeleteAsync(dataset.Sha256, ct);
        await audit.RecordDatasetAsync(actor, AuditActions.DatasetDeleted, dataset, ct: ct);
        return deletion;
    }
}
