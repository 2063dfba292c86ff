namespace Portal.Core.Audit;

/// <summary>The audit log: append-only (implemented in Portal.Data).</summary>
public interface IAuditLog
{
    Task RecordAsync(string actor, string action, string target, object? details = null, CancellationToken ct = default);

    /// <summary>Newest first.</summary>
    Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken ct = default);
}
