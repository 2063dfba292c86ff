namespace Portal.Core.Gates;

/// <summary>Gates and approvals persistence (implemented in Portal.Data).</summary>
public interface IGateStore
{
    /// <summary>The model's gates; <see cref="ModelGates.Off"/> when none were set. Null when the model does not exist.</summary>
    Task<ModelGates?> GetAsync(string model, CancellationToken ct = default);

    /// <summary>Replaces the model's gates; false when the model does not exist.</summary>
    Task<bool> SetAsync(string model, ModelGates gates, string by, DateTimeOffset at, CancellationToken ct = default);

    Task AddApprovalAsync(VersionApproval approval, CancellationToken ct = default);

    Task<IReadOnlyList<VersionApproval>> ListApprovalsAsync(string model, int version, CancellationToken ct = default);
}
