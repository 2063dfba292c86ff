using System.Buffers;
using System.Security.Cryptography;
using Portal.Core.Audit;
using Portal.Core.Common;

namespace Portal.Core.Datasets;

/// <summary>
/// Imports CSV files as datasets (parse, profile, keep the file) and opens their stored files. Nothing reads a dataset
/// back whole: training, drift references, imports, ensembles and retraining read the file a row at a time
/// (<see cref="CsvRowReader"/>), so no dataset is ever held in memory.
/// </summary>
public sealed class DatasetService(IDatasetStore store, DatasetFiles files, long maxUploadBytes, IAuditLog audit,
    int distinctBound = StreamingProfiler.DefaultDistinctBound)
{
    /// <summary>Reads, checks and registers a CSV. Throws <see cref="CsvFormatException"/> or <see cref="DatasetTooLargeException"/>; nothing is stored then.</summary>
    public Task<DatasetInfo> ImportAsync(Stream content, string fileName, string? name, string createdBy, CancellationToken ct = default) =>
        ImportAsync(content, fileName, name, createdBy, allowDuplicate: false, ct);

    /// <summary>
    /// As above; content that is already a dataset (same SHA-256) throws <see cref="DuplicateDatasetException"/> naming it,
    /// unless <paramref name="allowDuplicate"/> registers it again (the file is stored once either way).
    /// The upload is written to a temporary file beside the store as it arrives (hashed on the way, the size limit checked
    /// chunk by chunk), profiled in one streaming pass and then moved into place: memory stays bounded whatever the size.
    /// Any failure, cancellation included, deletes the temporary file and stores nothing.
    /// </summary>
    public Task<DatasetInfo> ImportAsync(Stream content, string fileName, string? name, string createdBy, bool allowDuplicate, CancellationToken ct = default) =>
        ImportAsync(content, fileName, name, createdBy, allowDuplicate, profileProgress: null, ct);

    /// <summary>
    /// As above, reporting the profile pass to <paramref name="profileProgress"/> as the share of the stored file read so far
    /// (a few times a second, then 1). The upload itself is the caller's to measure: it owns the stream being read.
    /// </summary>
    public async Task<DatasetInfo> ImportAsync(Stream content, string fileName, string? name, string createdBy, bool allowDuplicate,
        IProgress<double>? profileProgress, CancellationToken ct = default)
    {
        var temp = files.TempPath();
        try
        {
            var sha = await CopyLimitedAsync(content, temp, ct);
            // Before profiling: a re-upload of a large file is answered without profiling it again.
            if (!allowDuplicate && await store.FindBySha256Async(sha, ct) is { } existing) throw new DuplicateDatasetException(existing);
            // CPU-bound for seconds on a large file: off the caller's context (a Blazor circuit's, say).
            var profile = await Task.Run(() => ProfileFile(temp, distinctBound, profileProgress, ct), ct);
            await files.SaveFileAsync(sha, temp, ct);
            var datasetName = string.IsNullOrWhiteSpace(name) ? Path.GetFileNameWithoutExtension(fileName) : name.Trim();
            var dataset = await store.AddAsync(datasetName, Path.GetFileName(fileName), profile.Rows, sha, createdBy, profile, ct);
            // Stored: the entry must follow even if the caller has gone.
            await audit.RecordDatasetAsync(createdBy, AuditActions.DatasetUploaded, dataset, ct: CancellationToken.None);
            return dataset;
        }
        finally
        {
            TryDelete(temp);
        }
    }

    public Task<DatasetInfo?> GetAsync(int id, CancellationToken ct = default) => store.GetAsync(id, ct);

    public Task<IReadOnlyList<DatasetInfo>> ListAsync(CancellationToken ct = default) => store.ListAsync(ct);

    /// <summary>Copies the upload to <paramref name="path"/> and returns its SHA-256; throws <see cref="DatasetTooLargeException"/> as soon as it passes the limit.</summary>
    private async Task<string> CopyLimitedAsync(Stream content, string path, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var chunk = ArrayPool<byte>.Shared.Rent(128 * 1024);
        try
        {
            await using var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
            long total = 0;
            int read;
            while ((read = await content.ReadAsync(chunk, ct)) > 0)
            {
                total += read;
                if (total > maxUploadBytes) throw new DatasetTooLargeException(maxUploadBytes);
                hash.AppendData(chunk, 0, read);
                await output.WriteAsync(chunk.AsMemory(0, read), ct);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static DatasetProfile ProfileFile(string path, int distinctBound, IProgress<double>? progress, CancellationToken ct)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan);
        var read = progress is null ? null : new ReadProgress(stream, progress, ReadProgress.DefaultInterval);
        using var reader = CsvRowReader.Open(stream);
        var profile = StreamingProfiler.Profile(reader, distinctBound, StreamingProfiler.DefaultRowHashBound, read is null ? null : read.Check, ct);
        read?.Done();
        return profile;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A leftover temporary file holds no dataset; it is not worth failing the request over.
        }
    }

    /// <summary>The folder of the store's temporary files (on the volume the datasets are kept on), for training's spill files.</summary>
    public string TempFolder() => Path.GetDirectoryName(files.TempPath())!;

    /// <summary>The dataset's stored file, for a reader that streams it (<see cref="CsvRowReader"/>); the caller disposes it.</summary>
    public Stream OpenFile(DatasetInfo dataset) => files.Open(dataset.Sha256);
}
