namespace Portal.Core.Datasets;

/// <summary>Dataset metadata persistence (implemented in Portal.Data).</summary>
public interface IDatasetStore
{
    Task<DatasetInfo> AddAsync(string name, string fileName, int rows, string sha256, string createdBy, DatasetProfile profile, CancellationToken ct = default);
    Task<DatasetInfo?> GetAsync(int id, CancellationToken ct = default);
    Task<IReadOnlyList<DatasetInfo>> ListAsync(CancellationToken ct = default);

    /// <summary>The oldest dataset with this content, if any.</summary>
    Task<DatasetInfo?> FindBySha256Async(string sha256, CancellationToken ct = default);

    /// <summary>The renamed dataset, or null when it does not exist.</summary>
    Task<DatasetInfo?> RenameAsync(int id, string name, CancellationToken ct = default);

    /// <summary>The versions trained on the dataset, oldest first.</summary>
    Task<IReadOnlyList<DatasetUse>> UsesAsync(int id, CancellationToken ct = default);

    /// <summary>Deletes the dataset's row unless a version uses it (checked in the same transaction).</summary>
    Task<DatasetDeletion> DeleteIfUnusedAsync(int id, CancellationToken ct = default);
}
