using Npgsql;
using Portal.Core.Predictions;

namespace Portal.Tests.Data;

/// <summary>
/// PostgreSQL: a label committed while retention deletes its prediction leaves the hour's counters equal to its rows
/// (SQLite's writers exclude each other, so the interleaving cannot happen there).
/// </summary>
public sealed class RetentionLabelRaceTests
{
    private static readonly DateTimeOffset Start = new(2026, 4, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task DeleteOlderThanAsync_LabelCommittedDuringTheBatch_LabelledCounterMatchesTheLabels()
    {
        await using var db = await PostgresDatabase.CreateAsync();
        var store = db.Get<IPredictionStore>();
        var records = Enumerable.Range(0, 60).Select(i =>
            new PredictionRecord(PredictionIds.Next(Start.AddMinutes(i)), "m", 1, null, "{}", "yes", 0.7, 1, Start.AddMinutes(i))).ToList();
        await store.AddBatchAsync(records);
        var hour = PredictionIds.KeyOf(records[0].Id) / (3_600_000L << PredictionIds.SequenceBits);

        // A label for a prediction retention will delete, written as the label store writes it, not yet committed.
        await using var labelling = new NpgsqlConnection(db.ConnectionString);
        await labelling.OpenAsync();
        await using var transaction = await labelling.BeginTransactionAsync();
        var labelled = records[10];
        await ExecuteAsync(labelling, """
            INSERT INTO "Labels" ("PredictionKey", "PredictionId", "TrueLabel", "ReceivedAt", "ReceivedBy", "Model", "Version", "PredictionAt", "Probability", "Shadow")
            VALUES (@key, @id, 'yes', 0, 'ds', 'm', 1, 0, 0.7, false)
            """, ("key", PredictionIds.KeyOf(labelled.Id)), ("id", labelled.Id.ToByteArray(bigEndian: true)));
        await ExecuteAsync(labelling, """UPDATE "PredictionCounts" SET "Labelled" = "Labelled" + 1 WHERE "Model" = 'm' AND "Version" = 1 AND "Hour" = @hour""", ("hour", hour));

        // Retention runs into the label's lock; the label commits while it waits.
        var retention = store.DeleteOlderThanAsync(Start.AddMinutes(30));
        await using (var watcher = new NpgsqlConnection(db.ConnectionString))
        {
            await watcher.OpenAsync();
            await using var waiting = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", watcher);
            while (!retention.IsCompleted && (long)(await waiting.ExecuteScalarAsync())! == 0) await Task.Yield();
        }

        Assert.False(retention.IsCompleted, "retention did not wait for the uncommitted label");
        await transaction.CommitAsync();
        Assert.Equal(30, await retention);

        await using var check = new NpgsqlCommand("""
            SELECT c."Count", c."Labelled",
                   (SELECT count(*) FROM "Predictions" p WHERE p."Key" / 3774873600000 = c."Hour"),
                   (SELECT count(*) FROM "Labels" l WHERE l."PredictionKey" / 3774873600000 = c."Hour")
            FROM "PredictionCounts" c WHERE c."Model" = 'm' AND c."Hour" = @hour
            """, labelling);
        check.Parameters.AddWithValue("hour", hour);
        await using var reader = await check.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal((30L, 30L), (reader.GetInt64(0), reader.GetInt64(2)));
        Assert.Equal(reader.GetInt64(3), reader.GetInt64(1));
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await command.ExecuteNonQueryAsync();
    }
}
