using Portal.Core.Audit;
using Portal.Core.Predictions;
using Portal.Core.Privacy;

namespace Portal.Tests.Data.Privacy;

/// <summary>The PII backfill on a real SQLite log: dry run against real run, batches, the stored cursor and a resume.</summary>
public sealed class PiiScrubberTests
{
    private const int Rows = 35;

    private static PiiScrubber Scrubber(SqliteDatabase db, int batchSize = 10) =>
        new(db.Get<IPiiScrubStore>(), new PiiRedactor(["Name"]), db.Get<IAuditLog>(), TimeProvider.System, new PiiScrubSettings(batchSize));

    private static async Task<IReadOnlyList<PredictionRecord>> LogAsync(SqliteDatabase db, int count = Rows)
    {
        var rows = ScrubbedLog.Rows(count);
        // Through the store, which stores what it is given: the writer's redaction is bypassed, as for a log kept before the rule.
        Assert.Equal(count, await db.Get<IPredictionStore>().AddBatchAsync(rows));
        return rows;
    }

    [Fact]
    public async Task RunPendingAsync_AfterDryRun_SameCountsAndOnlyPersonalValuesChanged()
    {
        await using var db = await SqliteDatabase.CreateAsync();
        var rows = await LogAsync(db);
        using var scrubber = Scrubber(db);

        var dry = await scrubber.DryRunAsync();
        var stillRaw = await db.Get<IPredictionStore>().GetManyAsync(rows.Select(r => r.Id).ToList());
        Assert.All(stillRaw, s => Assert.Equal(rows.Single(r => r.Id == s.Id).InputsJson, s.InputsJson));

        Assert.NotNull(await scrubber.StartAsync("ops"));
        var job = await scrubber.RunPendingAsync();

        Assert.NotNull(job);
        Assert.Equal(PiiScrubStatuses.Completed, job.Status);
        Assert.Equal(Rows, dry.Scanned);
        Assert.Equal(ScrubbedLog.ExpectedFields(Rows), dry.Fields);
        Assert.Equal(rows.Count(r => r.InputsJson.Contains("Name") || r.InputsJson.Contains('@') || r.InputsJson.Contains("Tel")), dry.RedactedRows);
        Assert.Equal((dry.Scanned, dry.RedactedRows), (job.Scanned, job.RedactedRows));
        Assert.Equal(dry.Fields, job.Fields);
        Assert.Equal(rows.Max(r => PredictionIds.KeyOf(r.Id)), job.Cursor);
        var stored = await db.Get<IPredictionStore>().GetManyAsync(rows.Select(r => r.Id).ToList());
        Assert.Equal(Rows, stored.Count);
        foreach (var s in stored) ScrubbedLog.AssertScrubbed(rows.Single(r => r.Id == s.Id).InputsJson, s.InputsJson);
        var again = await scrubber.DryRunAsync();
        Assert.Equal((Rows, 0L), (again.Scanned, again.RedactedRows));
        Assert.Empty(again.Fields);
    }

    [Fact]
    public async Task RunPendingAsync_CutOffAfterTwoBatches_ResumesFromItsCursorAndCountsEachRowOnce()
    {
        await using var db = await SqliteDatabase.CreateAsync();
        await LogAsync(db);
        using var first = Scrubber(db);
        var dry = await first.DryRunAsync();
        Assert.NotNull(await first.StartAsync("ops"));
        using var cut = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.RunPendingAsync(new CancelAfter(2, cut), cut.Token));

        var interrupted = await first.GetAsync();
        Assert.NotNull(interrupted);
        Assert.Equal(PiiScrubStatuses.Running, interrupted.Status);
        Assert.Equal(20, interrupted.Scanned);
        Assert.True(interrupted.Cursor > 0 && interrupted.Cursor < interrupted.EndKey);

        // A restart: a new scrubber on the same database picks the job up at its cursor.
        using var second = Scrubber(db);
        var batches = new List<PiiScrubJob>();
        var job = await second.RunPendingAsync(new Recorder(batches));

        Assert.NotNull(job);
        Assert.Equal(PiiScrubStatuses.Completed, job.Status);
        Assert.Equal([30L, 35L], batches.Select(b => b.Scanned));
        Assert.Equal((dry.Scanned, dry.RedactedRows), (job.Scanned, job.RedactedRows));
        Assert.Equal(dry.Fields, job.Fields);
        var finished = await db.Get<IAuditLog>().QueryAsync(new AuditQuery(Action: AuditActions.PiiScrubFinished));
        Assert.Contains("\"scanned\":35", Assert.Single(finished).Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_WhileAJobRuns_NullAndRowsLoggedAfterTheStartAreNotScanned()
    {
        await using var db = await SqliteDatabase.CreateAsync();
        await LogAsync(db);
        using var scrubber = Scrubber(db);

        var job = await scrubber.StartAsync("ops");
        Assert.NotNull(job);
        Assert.Null(await scrubber.StartAsync("someone else"));
        await db.Get<IPredictionStore>().AddBatchAsync(ScrubbedLog.Rows(5, ScrubbedLog.Start.AddHours(1)));
        var done = await scrubber.RunPendingAsync();

        Assert.Equal(Rows, done!.Scanned);
        Assert.Equal(job.EndKey, done.Cursor);
        Assert.Null(await scrubber.RunPendingAsync());
        Assert.NotNull(await scrubber.StartAsync("ops"));
        var started = await db.Get<IAuditLog>().QueryAsync(new AuditQuery(Action: AuditActions.PiiScrubStarted));
        Assert.Equal(2, started.Count);
        Assert.All(started, e => Assert.Equal(PiiScrubber.AuditTarget, e.Target));
    }

    [Fact]
    public async Task DryRunAsync_EmptyLog_NothingScanned()
    {
        await using var db = await SqliteDatabase.CreateAsync();
        using var scrubber = Scrubber(db);

        var report = await scrubber.DryRunAsync();

        Assert.Equal((0L, 0L), (report.Scanned, report.RedactedRows));
        Assert.NotNull(await scrubber.StartAsync("ops"));
        Assert.Equal(PiiScrubStatuses.Completed, (await scrubber.RunPendingAsync())!.Status);
    }

    /// <summary>Cancels after <paramref name="batches"/> committed batches, as a stopping host would between two.</summary>
    private sealed class CancelAfter(int batches, CancellationTokenSource cts) : IProgress<PiiScrubJob>
    {
        private int _seen;

        public void Report(PiiScrubJob value)
        {
            if (++_seen == batches) cts.Cancel();
        }
    }

    private sealed class Recorder(List<PiiScrubJob> jobs) : IProgress<PiiScrubJob>
    {
        public void Report(PiiScrubJob value) => jobs.Add(value);
    }
}
