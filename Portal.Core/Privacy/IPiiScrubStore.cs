namespace Portal.Core.Privacy;

/// <summary>The prediction log's inputs as the backfill reads and rewrites them, and its jobs (implemented in Portal.Data).</summary>
public interface IPiiScrubStore
{
    /// <summary>The newest key of the prediction log; 0 when it is empty.</summary>
    Task<long> MaxKeyAsync(CancellationToken ct = default);

    /// <summary>At most <paramref name="take"/> rows with keys in (<paramref name="afterKey"/>, <paramref name="lastKey"/>], oldest first.</summary>
    Task<IReadOnlyList<LoggedInputs>> ReadAsync(long afterKey, long lastKey, int take, CancellationToken ct = default);

    /// <summary>The newest job, whatever its state; null when none ever ran.</summary>
    Task<PiiScrubJob?> GetLatestAsync(CancellationToken ct = default);

    /// <summary>Stores a new job and returns it with its id.</summary>
    Task<PiiScrubJob> CreateAsync(PiiScrubJob job, CancellationToken ct = default);

    /// <summary>
    /// Rewrites the inputs of <paramref name="redacted"/> and stores <paramref name="job"/> (its moved cursor and counts) in
    /// ONE transaction, so a batch is either wholly done and counted or not at all.
    /// </summary>
    Task CommitBatchAsync(PiiScrubJob job, IReadOnlyList<LoggedInputs> redacted, CancellationToken ct = default);

    /// <summary>Stores the job's state (finished or failed).</summary>
    Task SaveAsync(PiiScrubJob job, CancellationToken ct = default);
}
