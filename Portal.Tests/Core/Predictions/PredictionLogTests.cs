using System.Text;
using Portal.Core.Predictions;

namespace Portal.Tests.Core.Predictions;

public sealed class PredictionLogTests
{
    private static PredictionRecord Record(int i, int inputBytes) =>
        new(PredictionIds.Next(DateTimeOffset.UnixEpoch.AddSeconds(i)), "m", 1 + i % 3, i % 2 == 0 ? "champion" : null, Encoding.UTF8.GetBytes($"{{\"x\":\"{new string((char)('a' + i % 26), inputBytes)}\"}}"),
            i % 2 == 0 ? "yes" : "no", i / 1000.0, 0.1, DateTimeOffset.UnixEpoch.AddSeconds(i));

    [Theory]
    [InlineData(10, 0)]       // small queue: slots and bytes wrap around many times
    [InlineData(5000, 0)]     // a backlog beyond the first 1,024 slots: the slot ring grows
    [InlineData(5000, 2000)]  // inputs of kilobytes: the byte ring wraps, then grows with records queued
    public void ReadBatch_InterleavedWithRecord_GivesEveryRecordBackInOrderAndIntact(int capacity, int bigInput)
    {
        var log = new PredictionLog(capacity);
        var random = new Random(7);
        var expected = new Queue<PredictionRecord>();
        var batch = new List<PredictionRecord>();
        for (var i = 0; i < 100_000;)
        {
            // Write a burst of records of varied sizes (some empty), then read a part of what is queued, mostly leaving
            // some behind so the rings wrap rather than start over empty.
            for (var n = random.Next(1, Math.Min(capacity, 1500)); n > 0 && log.Pending < capacity; n--, i++)
            {
                var r = Record(i, random.Next(4) == 0 ? 0 : random.Next(1, 60) + (bigInput > 0 && random.Next(5) == 0 ? bigInput : 0));
                log.Record(r);
                expected.Enqueue(r);
            }

            batch.Clear();
            log.ReadBatch(batch, random.Next(1, Math.Max(2, log.Pending)));
            foreach (var got in batch) Assert.Equal(expected.Dequeue(), got);
            Assert.Equal(expected.Count, log.Pending);
        }

        batch.Clear();
        log.ReadBatch(batch, int.MaxValue);
        Assert.Equal(expected, batch);
        Assert.Equal(0, log.Dropped);
    }

    [Fact]
    public void Record_Full_DropsAndCountsUntilTheWriterMakesRoom()
    {
        var log = new PredictionLog(capacity: 2);
        for (var i = 0; i < 4; i++) log.Record(Record(i, 5));
        Assert.Equal((2L, 2L, 2), (log.Enqueued, log.Dropped, log.Pending));

        var batch = new List<PredictionRecord>();
        Assert.Equal(1, log.ReadBatch(batch, 1));
        log.Record(Record(9, 5));

        Assert.Equal((3L, 2L, 2), (log.Enqueued, log.Dropped, log.Pending));
        Assert.Equal(2, log.ReadBatch(batch, 10));
        Assert.Equal([0, 1, 9], batch.Select(r => (int)(r.At - DateTimeOffset.UnixEpoch).TotalSeconds));
    }

    [Fact]
    public void ReadBatch_RecordsKeepTheirInputsUntilTheNextRead_LaterRecordsDoNotOverwriteThem()
    {
        var log = new PredictionLog(capacity: 1);
        var batch = new List<PredictionRecord>();
        var first = Record(1, 10);
        log.Record(first);
        log.ReadBatch(batch, 1);
        log.Record(Record(2, 10)); // reuses the ring's bytes the first record came from

        Assert.Equal(first.InputsJson, batch[0].InputsJson);
    }

    [Fact]
    public async Task WaitToRead_BlocksUntilARecordOrCompletion()
    {
        var log = new PredictionLog(capacity: 10);
        // An empty log keeps the reader waiting until its token gives up: it does not return without a record.
        using (var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(100)))
            Assert.ThrowsAny<OperationCanceledException>(() => log.WaitToRead(giveUp.Token));

        var waiting = Task.Run(() => log.WaitToRead(CancellationToken.None));
        log.Record(Record(1, 3));
        Assert.True(await waiting.WaitAsync(TimeSpan.FromSeconds(10)));

        log.ReadBatch([], 10);
        var afterDrain = Task.Run(() => log.WaitToRead(CancellationToken.None));
        log.Complete();
        Assert.False(await afterDrain.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void Complete_PendingRecordsStillRead_LaterOnesDroppedAndCounted()
    {
        var log = new PredictionLog(capacity: 10);
        log.Record(Record(1, 3));
        log.Complete();
        log.Record(Record(2, 3));

        Assert.True(log.WaitToRead(CancellationToken.None));
        Assert.Equal(1, log.ReadBatch([], 10));
        Assert.False(log.WaitToRead(CancellationToken.None));
        Assert.Equal(1, log.Dropped);
    }

    [Fact]
    public void WaitToRead_Cancelled_Throws()
    {
        var log = new PredictionLog(capacity: 10);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        Assert.ThrowsAny<OperationCanceledException>(() => log.WaitToRead(cancel.Token));
    }
}
