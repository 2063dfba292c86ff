using Portal.Core.Audit;

namespace Portal.Core.Datasets;

/// <summary>
/// Dataset events in the audit log, all in one shape: <c>dataset #N</c> as the target (the phrase the portal uses for
/// a dataset elsewhere; a name would not do, since a rename changes it and other entries would stop matching) and the
/// dataset's identity (id, name, file, rows, SHA-256) plus what changed in the details, so the upload, renames and
/// deletion of one dataset read alike and one target filter finds them all.
/// </summary>
public static class DatasetAudit
{
    /// <summary>The audit target of dataset <paramref name="id"/>, like <c>model vN</c> for a version.</summary>
    public static string Target(int id) => $"dataset #{id}";

    public static Task RecordDatasetAsync(this IAuditLog audit, string actor, string action, DatasetInfo dataset, object? change = null, CancellationToken ct = default) =>
        audit.RecordAsync(actor, action, Target(dataset.Id), new
        {
            id = dataset.Id,
            name = dataset.Name,
            fileName = dataset.FileName,
            rows = dataset.Rows,
            sha256 = dataset.Sha256,
            change,
        }, ct);
}
