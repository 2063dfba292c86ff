using Portal.Core.Audit;
using Portal.Core.Common;

namespace Portal.Core.Datasets;

/// <summary>
/// Imports CSV files as datasets (parse, profile, keep the file) and loads them back as tables.
/// The most recently loaded table is kept in memory: validating a training request and then
/// running it read the same file twice in a row.
/// </summary>
public sealed class DatasetService(IDatasetStore store, DatasetFiles files, long maxUploadBytes, IAuditLog audit)
{
    // A reference swapped whole, so concurrent readers never see a torn pair.
    private volatile CachedTable? _lastTable;

    /// <summary>Reads, checks and registers a CSV. Throws <see cref="CsvFormatException"/> or <see cref="DatasetTooLargeException"/>; nothing is stored then.</summary>
    public Task<DatasetInfo> ImportAsync(Stream content, string fileName, string? name, string createdBy, CancellationToken ct = default) =>
        ImportAsync(content, fileName, name, createdBy, allowDuplicate: false, ct);

    /// <summary>
    /// As above; content that is already a dataset (same SHA-256) throws <see cref="DuplicateDatasetException"/> naming it,
    /// unless <paramref name="allowDuplicate"/> registers it again (the file is stored once either way).
    /// </summary>
    public async Task<DatasetInfo> ImportAsync(Stream content, string fileName, string? name, string createdBy, bool allowDuplicate, CancellationToken ct = default)
    {
        var bytes = await ReadLimitedAsync(content, ct);
        var sha = Sha256Hex.Of(bytes);
        // Before parsing: a re-upload of a large file is answered without profiling it again.
        if (!allowDuplicate && await store.FindBySha256Async(sha, ct) is { } existing) throw new DuplicateDatasetException(existing);
        var table = CsvTableReader.Read(new MemoryStream(bytes, writable: false));
        var profile = DatasetProfiler.Profile(table);
        await files.SaveAsync(sha, bytes, ct);
        var datasetName = string.IsNullOrWhiteSpace(name) ? Path.GetFileNameWithoutExtension(fileName) : name.Trim();
        _lastTable = new CachedTable(sha, table);
        var dataset = await store.AddAsync(datasetName, Path.GetFileName(fileName), table.RowCount, sha, createdBy, profile, ct);
        // Stored: the entry must follow even if the caller has gone.
        await audit.RecordDatasetAsync(createdBy, AuditActions.DatasetUploaded, dataset, ct: CancellationToken.None);
        return dataset;
    }

    public Task<DatasetInfo?> GetAsync(int id, CancellationToken ct = default) => store.GetAsync(id, ct);

    public Task<IReadOnlyList<DatasetInfo>> ListAsync(CancellationToken ct = default) => store.ListAsync(ct);

    public CsvTable LoadTable(DatasetInfo dataset)
    {
        if (_lastTable is { } last && last.Sha256 == dataset.Sha256) return last.Table;
        using var stream = files.Open(dataset.Sha256);
        var table = CsvTableReader.Read(stream);
        _lastTable = new CachedTable(dataset.Sha256, table);
        return table;
    }

    private sealed record CachedTable(string Sha256, CsvTable Table);

    private async Task<byte[]> ReadLimitedAsync(Stream content, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxUploadBytes) throw new DatasetTooLargeException(maxUploadBytes);
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>The dataset's stored file, for a reader that streams it (training); the caller disposes it.</summary>
    public Stream OpenFile(DatasetInfo dataset) => files.Open(dataset.Sha256);
}
