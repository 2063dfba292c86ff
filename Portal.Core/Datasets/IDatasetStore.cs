namespace Portal.Core.Datasets;

/// <summary>Dataset metadata persistence (implemented in Portal.Data).</summary>
public interface IDatasetStore
{
    Task<DatasetInfo> AddAsync(string name, string fileName, int rows, string sha256, string createdBy, DatasetProfile profile, CancellationToken ct = default);
    Task<DatasetInfo?> GetAsync(int id, CancellationToken ct = default);
    Task<IReadOnlyList<DatasetInfo>> ListAsync(CancellationToken ct = default);
}
