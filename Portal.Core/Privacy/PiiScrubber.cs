using Portal.Core.Audit;
using Portal.Core.Predictions;

namespace Portal.Core.Privacy;

/// <summary>
/// Re-applies the current redaction rules (the writer's own <see cref="PiiRedactor"/>) to the whole prediction log: a dry
/// run counts, a job rewrites. A job walks the log by key in batches, each batch one short transaction that also moves
/// the job's stored cursor, so the writer keeps logging between batches and a job cut off by a restart resumes where its
/// last batch ended, never counting a row twice. One job at a time (one portal process owns the log on SQLite).
/// </summary>
public sealed class PiiScrubber(IPiiScrubStore store, PiiRedactor redactor, IAuditLog audit, TimeProvider clock, PiiScrubSettings settings) : IDisposable
{
    public const string AuditTarget = "prediction log";

    private readonly SemaphoreSlim _starting = new(1, 1);
    private readonly SemaphoreSlim _wake = new(0);

    public void Dispose()
    {
        _starting.Dispose();
        _wake.Dispose();
    }

    /// <summary>Scans the whole log as a job would and changes nothing.</summary>
    public async Task<PiiScrubReport> DryRunAsync(CancellationToken ct = default)
    {
        var end = await store.MaxKeyAsync(ct);
        var fields = new Dictionary<string, long>(StringComparer.Ordinal);
        long cursor = 0, scanned = 0, redacted = 0;
        while (true)
        {
            var rows = await store.ReadAsync(cursor, end, settings.BatchSize, ct);
            if (rows.Count == 0) return new PiiScrubReport(scanned, redacted, fields);
            foreach (var row in rows)
                if (!ReferenceEquals(redactor.Redact(row.InputsJson, fields), row.InputsJson)) redacted++;
            scanned += rows.Count;
            cursor = rows[^1].Key;
        }
    }

    /// <summary>The newest job (running or finished); null when none ever ran.</summary>
    public Task<PiiScrubJob?> GetAsync(CancellationToken ct = default) => store.GetLatestAsync(ct);

    /// <summary>Stores a new running job up to today's newest row and wakes the worker; null when a job is running already.</summary>
    public async Task<PiiScrubJob?> StartAsync(string actor, CancellationToken ct = default)
    {
        await _starting.WaitAsync(ct);
        try
        {
            if (await store.GetLatestAsync(ct) is { IsRunning: true }) return null;
            var end = await store.MaxKeyAsync(ct);
            var job = await store.CreateAsync(
                new PiiScrubJob(0, PiiScrubStatuses.Running, actor, clock.GetUtcNow(), null, end, 0, 0, 0, new Dictionary<string, long>(), null), ct);
            await audit.RecordAsync(actor, AuditActions.PiiScrubStarted, AuditTarget, new { job = job.Id, endKey = end }, ct);
            _wake.Release();
            return job;
        }
        finally
        {
            _starting.Release();
        }
    }

    /// <summary>Completes when <see cref="StartAsync"/> has stored a job for the worker.</summary>
    public Task WaitForWorkAsync(CancellationToken ct) => _wake.WaitAsync(ct);

    /// <summary>
    /// Runs the unfinished job, if any, from its cursor to its end; returns it as it ended (null when there was none).
    /// Cancelled, it stops between batches and stays running, to be resumed. <paramref name="progress"/> hears of each
    /// committed batch.
    /// </summary>
    public async Task<PiiScrubJob?> RunPendingAsync(IProgress<PiiScrubJob>? progress = null, CancellationToken ct = default)
    {
        if (await store.GetLatestAsync(ct) is not { IsRunning: true } job) return null;
        try
        {
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                var rows = await store.ReadAsync(job.Cursor, job.EndKey, settings.BatchSize, ct);
                if (rows.Count == 0) break;
                job = await CommitAsync(job, rows, ct);
                progress?.Report(job);
                if (settings.Pause > TimeSpan.Zero) await Task.Delay(settings.Pause, clock, ct);
            }

            job = job with { Status = PiiScrubStatuses.Completed, FinishedAt = clock.GetUtcNow() };
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            job = job with { Status = PiiScrubStatuses.Failed, FinishedAt = clock.GetUtcNow(), Error = ex.Message };
            await FinishAsync(job, CancellationToken.None);
            throw;
        }

        await FinishAsync(job, CancellationToken.None);
        return job;
    }

    private async Task<PiiScrubJob> CommitAsync(PiiScrubJob job, IReadOnlyList<LoggedInputs> rows, CancellationToken ct)
    {
        var fields = new Dictionary<string, long>(job.Fields, StringComparer.Ordinal);
        var changed = new List<LoggedInputs>();
        foreach (var row in rows)
        {
            var redacted = redactor.Redact(row.InputsJson, fields);
            if (!ReferenceEquals(redacted, row.InputsJson)) changed.Add(row with { InputsJson = redacted });
        }

        var next = job with { Cursor = rows[^1].Key, Scanned = job.Scanned + rows.Count, RedactedRows = job.RedactedRows + changed.Count, Fields = fields };
        await store.CommitBatchAsync(next, changed, ct);
        return next;
    }

    private async Task FinishAsync(PiiScrubJob job, CancellationToken ct)
    {
        await store.SaveAsync(job, ct);
        await audit.RecordAsync(job.StartedBy, AuditActions.PiiScrubFinished, AuditTarget,
            new { job = job.Id, status = job.Status, scanned = job.Scanned, redactedRows = job.RedactedRows, fields = job.Fields, error = job.Error }, ct);
    }
}
