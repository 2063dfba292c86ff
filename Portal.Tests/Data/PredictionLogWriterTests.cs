using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Core.Predictions;
using Portal.Core.Rollouts;
using Portal.Data;
using Portal.Web.Background;

namespace Portal.Tests.Data;

/// <summary>Run on both providers: <see cref="Sqlite"/> and <see cref="Postgres"/>.</summary>
public abstract class PredictionLogWriterTests
{
    public sealed class Sqlite : PredictionLogWriterTests
    {
        protected override async Task<IStoreDatabase> CreateDatabaseAsync() => await SqliteDatabase.CreateAsync();
    }

    public sealed class Postgres : PredictionLogWriterTests
    {
        protected override async Task<IStoreDatabase> CreateDatabaseAsync() => await PostgresDatabase.CreateAsync();
    }

    protected abstract Task<IStoreDatabase> CreateDatabaseAsync();

    private static PredictionRecord Record(int i) =>
        new(PredictionIds.Next(DateTimeOffset.UnixEpoch.AddSeconds(i)), "m", 1, "champion", $"{{\"x\":{i}}}", "yes", 0.9, 0.1, DateTimeOffset.UnixEpoch.AddSeconds(i));

    [Fact]
    public async Task Writer_RecordsBelowCapacity_StoresEveryOne()
    {
        await using var db = await CreateDatabaseAsync();
        var store = db.Get<IPredictionStore>();
        var log = new PredictionLog(capacity: 5000);
        var records = Enumerable.Range(0, 2500).Select(Record).ToList();
        records.ForEach(log.Record);
        log.Complete();

        var writer = new PredictionLogWriter(log, store, NullLogger<PredictionLogWriter>.Instance);
        await writer.StartAsync(CancellationToken.None);
        await writer.ExecuteTask!;

        Assert.Equal(2500, await store.CountAsync("m"));
        Assert.Equal(0, log.Dropped);
        var stored = await store.GetAsync(records[1234].Id);
        Assert.Equal(records[1234] with { At = stored!.At }, stored);
        Assert.Equal(records[1234].At, stored.At);
    }

    [Fact]
    public async Task Writer_RolloutRecords_AreStoredWithTheirRolloutAndArm()
    {
        await using var db = await CreateDatabaseAsync();
        var store = db.Get<IPredictionStore>();
        var log = new PredictionLog(capacity: 10);
        var rollout = Guid.NewGuid();
        var at = DateTimeOffset.UnixEpoch.AddDays(1);
        var champion = PredictionIds.Next(at);
        var shadow = PredictionIds.Next(at);
        var plain = PredictionIds.Next(at);
        log.Record(champion, "m", 1, "champion", "{\"x\":1}"u8, "yes", 0.9, 0.1, at, rollout, RolloutArm.Candidate);
        log.Record(shadow, "m", 2, null, "{\"x\":1}"u8, "no", 0.2, 0.3, at, rollout, RolloutArm.Shadow, pairedWith: champion);
        log.Record(plain, "m", 1, "champion", "{\"x\":2}"u8, "yes", 0.8, 0.1, at);
        log.Complete();

        var writer = new PredictionLogWriter(log, store, NullLogger<PredictionLogWriter>.Instance);
        await writer.StartAsync(CancellationToken.None);
        await writer.ExecuteTask!;

        var a = (await store.GetAsync(champion))!;
        var b = (await store.GetAsync(shadow))!;
        var c = (await store.GetAsync(plain))!;
        Assert.Equal((rollout, RolloutArm.Candidate), (a.RolloutId, a.Arm));
        Assert.Equal((rollout, RolloutArm.Shadow, 2), (b.RolloutId, b.Arm, b.Version));
        Assert.Equal(((Guid?)null, (RolloutArm?)null), (c.RolloutId, c.Arm));
        await using var context = await db.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var paired = await context.Predictions.AsNoTracking().Where(p => p.Id == shadow).Select(p => p.PairedKey).SingleAsync();
        Assert.Equal(PredictionIds.KeyOf(champion), paired);
    }

    [Fact]
    public async Task Writer_InputsOfEveryShape_AreStoredByteForByte()
    {
        await using var db = await CreateDatabaseAsync();
        var store = db.Get<IPredictionStore>();
        var log = new PredictionLog(capacity: 100);
        var at = DateTimeOffset.UnixEpoch.AddDays(2);
        // Larger than the writer's 64 KiB buffer, text beyond ASCII, nothing at all, and bytes that are not UTF-8
        // (which are stored as a string decoded from them would be: with replacement characters).
        byte[][] inputs =
        [
            System.Text.Encoding.UTF8.GetBytes("{\"note\":\"" + new string('é', 150_000) + "\"}"),
            "{\"city\":\"Zürich\",\"name\":\"王小明\",\"mood\":\"😀\"}"u8.ToArray(),
            [],
            [(byte)'{', 0xC3, 0x28, 0xFF, (byte)'}'],
        ];
        var ids = inputs.Select((bytes, i) =>
        {
            var id = PredictionIds.Next(at.AddMilliseconds(i));
            log.Record(id, "long-model-name-" + new string('m', 200), 3, i == 2 ? null : "challenger", bytes, "yes", 0.123456789012345, 12.5, at.AddMilliseconds(i));
            return id;
        }).ToList();
        log.Complete();

        var writer = new PredictionLogWriter(log, store, NullLogger<PredictionLogWriter>.Instance);
        await writer.StartAsync(CancellationToken.None);
        await writer.ExecuteTask!;

        for (var i = 0; i < inputs.Length; i++)
        {
            var stored = (await store.GetAsync(ids[i]))!;
            var expected = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(inputs[i]));
            Assert.Equal(expected, stored.Inputs.ToArray());
            Assert.Equal((3, i == 2 ? null : "challenger", 0.123456789012345, 12.5, at.AddMilliseconds(i)), (stored.Version, stored.Alias, stored.Probability, stored.LatencyMs, stored.At));
        }

        Assert.Equal(inputs[0], (await store.GetAsync(ids[0]))!.Inputs.ToArray());
        Assert.Equal(0, log.Dropped);
    }

    [Fact]
    public async Task Writer_StoppedWithRecordsQueued_StoresThemBeforeItEnds()
    {
        await using var db = await CreateDatabaseAsync();
        var store = db.Get<IPredictionStore>();
        var log = new PredictionLog(capacity: 5000);
        var writer = new PredictionLogWriter(log, store, NullLogger<PredictionLogWriter>.Instance);
        await writer.StartAsync(CancellationToken.None);
        Enumerable.Range(0, 300).Select(Record).ToList().ForEach(log.Record);

        // Stopping cancels the 50 ms gathering wait: the queued records are still stored.
        await writer.StopAsync(CancellationToken.None);

        Assert.Equal(300, await store.CountAsync("m"));
        Assert.Equal(0, log.Pending);
    }

    [Fact]
    public async Task Writer_StoresOnItsOwnThread_NotOnAPoolThread()
    {
        var store = new ThreadRecordingStore();
        var log = new PredictionLog(capacity: 10);
        log.Record(Record(1));
        log.Complete();

        var writer = new PredictionLogWriter(log, store, NullLogger<PredictionLogWriter>.Instance);
        await writer.StartAsync(CancellationToken.None);
        await writer.ExecuteTask!;

        Assert.Equal([(false, "prediction-log")], store.Threads);
    }

    [Fact]
    public async Task Writer_StoreFails_LogsAndKeepsWriting()
    {
        var store = new ThreadRecordingStore { FailFirst = true };
        var log = new PredictionLog(capacity: 5000);
        Enumerable.Range(0, 1500).Select(Record).ToList().ForEach(log.Record);
        log.Complete();

        var writer = new PredictionLogWriter(log, store, NullLogger<PredictionLogWriter>.Instance);
        await writer.StartAsync(CancellationToken.None);
        await writer.ExecuteTask!;

        // The first batch of 1,000 failed (and was logged); the writer went on with the next.
        Assert.Equal([1000, 500], store.Batches);
        Assert.Equal(1000, log.Dropped);
    }

    [Fact]
    public async Task Writer_RecordWhoseKeyIsTaken_IsSkippedAndCountedWhileTheRestOfItsBatchIsStored()
    {
        await using var db = await CreateDatabaseAsync();
        var store = db.Get<IPredictionStore>();
        var log = new PredictionLog(capacity: 100);
        var records = Enumerable.Range(0, 60).Select(Record).ToList();
        // The same id twice (as a clock set back could give): the second cannot have the first one's key.
        records.Insert(30, records[10] with { Label = "no" });
        records.ForEach(log.Record);
        log.Complete();

        var writer = new PredictionLogWriter(log, store, NullLogger<PredictionLogWriter>.Instance);
        await writer.StartAsync(CancellationToken.None);
        await writer.ExecuteTask!;

        Assert.Equal(60, await store.CountAsync("m"));
        Assert.Equal(1, log.Dropped);
        Assert.Equal("yes", (await store.GetAsync(records[10].Id))!.Label);
    }

    [Fact]
    public async Task Writer_DatabaseUnreachable_HoldsTheBatchAndStoresItWhenItAnswers()
    {
        var store = new ThreadRecordingStore { UnreachableAttempts = 3 };
        var log = new PredictionLog(capacity: 5000);
        Enumerable.Range(0, 1500).Select(Record).ToList().ForEach(log.Record);
        log.Complete();

        var writer = new PredictionLogWriter(log, store, NullLogger<PredictionLogWriter>.Instance);
        await writer.StartAsync(CancellationToken.None);
        await writer.ExecuteTask!;

        // The first batch was tried until the database answered, then stored: nothing lost.
        Assert.Equal([1000, 1000, 1000, 1000, 500], store.Batches);
        Assert.Equal(0, log.Dropped);
    }

    /// <summary>What Npgsql throws when the server cannot be reached: a provider exception marked transient.</summary>
    private sealed class UnreachableException() : System.Data.Common.DbException("Failed to connect to 127.0.0.1:5432")
    {
        public override bool IsTransient => true;
    }

    /// <summary>A store that notes the thread and size of every batch, and can fail the first one.</summary>
    private sealed class ThreadRecordingStore : IPredictionStore
    {
        public bool FailFirst { get; init; }

        /// <summary>The first this many attempts fail as an unreachable database would.</summary>
        public int UnreachableAttempts { get; init; }
        public List<(bool Pool, string? Name)> Threads { get; } = [];
        public List<int> Batches { get; } = [];

        public Task<int> AddBatchAsync(IReadOnlyList<PredictionRecord> records, CancellationToken ct = default)
        {
            Threads.Add((Thread.CurrentThread.IsThreadPoolThread, Thread.CurrentThread.Name));
            Batches.Add(records.Count);
            if (Batches.Count <= UnreachableAttempts) return Task.FromException<int>(new UnreachableException());
            return FailFirst && Batches.Count == 1 ? Task.FromException<int>(new IOException("disk full")) : Task.FromResult(records.Count);
        }

        public Task<PredictionRecord?> GetAsync(Guid id, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<long> CountAsync(string? model = null, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<IReadOnlyList<PredictionRecord>> GetManyAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<PredictionPage> QueryAsync(PredictionQuery query, CancellationToken ct = default) => throw new NotSupportedException();
        public IAsyncEnumerable<LabelledPrediction> StreamAsync(PredictionQuery query, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<IReadOnlyList<PredictionOutcome>> GetOutcomesAsync(string model, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<RealizedOutcomes> GetRealizedOutcomesAsync(string model, DateTimeOffset from, DateTimeOffset to, TimeSpan bucket, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<ServedScores> GetScoresAsync(string model, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<PredictionInputs> ListInputsAsync(string model, int? version, DateTimeOffset from, DateTimeOffset to, int max, CancellationToken ct = default) => throw new NotSupportedException();
    }

    [Fact]
    public void Record_QueueFull_CountsTheDropInsteadOfBlocking()
    {
        var log = new PredictionLog(capacity: 3);
        for (var i = 0; i < 5; i++) log.Record(Record(i));
        Assert.Equal(3, log.Enqueued);
        Assert.Equal(2, log.Dropped);
        Assert.Equal(3, log.Pending);
    }

    [Fact]
    public void Record_Disabled_RecordsAndDropsNothing()
    {
        var log = new PredictionLog(capacity: 3, enabled: false);
        for (var i = 0; i < 5; i++) log.Record(Record(i));
        Assert.Equal((0L, 0L, 0), (log.Enqueued, log.Dropped, log.Pending));
    }
}
