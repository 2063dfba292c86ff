using Portal.Core.Audit;

namespace Portal.Core.Datasets;

/// <summary>
/// Dataset events in the audit log, all in one shape: the dataset's name as the target and its identity (id, file,
/// rows, SHA-256) in the details, so uploads, renames and deletions of a dataset read alike and filter by its name.
/// </summary>
public static class DatasetAudit
{
    public static Task RecordDatasetAsync(this IAuditLog audit, string actor, string action, DatasetInfo dataset, object? change = null, CancellationToken ct = default) =>
        audit.RecordAsync(actor, action, dataset.Name, new
        {
            id = dataset.Id,
            name = dataset.Name,
            fileName = dataset.FileName,
            rows = dataset.Rows,
            sha256 = dataset.Sha256,
            change,
        }, ct);
}
