using Microsoft.Extensions.Logging.Abstractions;
using Portal.Core.Serving;
using Portal.Web.Background;

namespace Portal.Tests.Data;

public sealed class PredictionLogWriterTests
{
    private static PredictionRecord Record(int i) =>
        new(Guid.NewGuid(), "m", 1, "champion", $"{{\"x\":{i}}}", "yes", 0.9, 0.1, DateTimeOffset.UnixEpoch.AddSeconds(i));

    [Fact]
    public async Task Writer_RecordsBelowCapacity_StoresEveryOne()
    {
        await using var db = await SqliteDatabase.CreateAsync();
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
