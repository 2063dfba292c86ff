using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;
using NpgsqlTypes;

namespace LogScale;

/// <summary>
/// Writes the synthetic log into a migrated PostgreSQL database with binary COPY (predictions and labels as two
/// streams on two connections, as the portal's writer copies its batches), committed every 1,000,000 rows, then the
/// counters, then VACUUM ANALYZE so the planner and the visibility map see what autovacuum would see in a while.
/// </summary>
internal static class PostgresGenerator
{
    private static readonly Func<DateTimeOffset, long> ToBinary = new DateTimeOffsetToBinaryConverter().ConvertToProviderExpression.Compile();

    public static void Write(string connectionString, SyntheticLog log, Action<long> progress)
    {
        using var predictions = new NpgsqlConnection(connectionString);
        using var labels = new NpgsqlConnection(connectionString);
        predictions.Open();
        labels.Open();
        Exec(predictions, "SET synchronous_commit = off");
        Exec(labels, "SET synchronous_commit = off");
        var (p, l) = Begin(predictions, labels);
        long n = 0;
        try
        {
            foreach (var r in log.Generate())
            {
                var id = r.Id.ToByteArray(bigEndian: true);
                p.StartRow();
                p.Write(r.Key, NpgsqlDbType.Bigint);
                p.Write(id, NpgsqlDbType.Bytea);
                p.Write(r.Model, NpgsqlDbType.Text);
                p.Write(1, NpgsqlDbType.Integer);
                p.Write("champion", NpgsqlDbType.Text);
                p.Write(r.Inputs, NpgsqlDbType.Text);
                p.Write(r.Label, NpgsqlDbType.Text);
                p.Write(r.Probability, NpgsqlDbType.Double);
                p.Write(r.LatencyMs, NpgsqlDbType.Double);
                p.Write(ToBinary(r.At), NpgsqlDbType.Bigint);
                if (r.TrueLabel is { } t)
                {
                    l.StartRow();
                    l.Write(r.Key, NpgsqlDbType.Bigint);
                    l.Write(id, NpgsqlDbType.Bytea);
                    l.Write(t, NpgsqlDbType.Text);
                    l.WriteNull();
                    l.Write("crm", NpgsqlDbType.Text);
                    l.Write(ToBinary(r.At.AddDays(1)), NpgsqlDbType.Bigint);
                    l.Write("bench", NpgsqlDbType.Text);
                    l.Write(r.Model, NpgsqlDbType.Text);
                    l.Write(1, NpgsqlDbType.Integer);
                    l.Write(ToBinary(r.At), NpgsqlDbType.Bigint);
                    l.Write(r.Probability, NpgsqlDbType.Double);
                    l.Write(false, NpgsqlDbType.Boolean);
                }

                if (++n % 1_000_000 == 0)
                {
                    // Predictions first: the labels' foreign key needs their rows.
                    p.Complete();
                    p.Dispose();
                    l.Complete();
                    l.Dispose();
                    (p, l) = Begin(predictions, labels);
                    progress(n);
                }
            }

            p.Complete();
            p.Dispose();
            l.Complete();
        }
        finally
        {
            l.Dispose();
        }

        using (var batch = new NpgsqlBatch(predictions))
        {
            foreach (var ((model, hour), (count, labelled)) in log.Counts)
                batch.BatchCommands.Add(new NpgsqlBatchCommand("INSERT INTO \"PredictionCounts\" (\"Model\", \"Version\", \"Hour\", \"Count\", \"Labelled\") VALUES ($1, 1, $2, $3, $4)")
                {
                    Parameters = { new NpgsqlParameter<string> { TypedValue = model }, new NpgsqlParameter<long> { TypedValue = hour }, new NpgsqlParameter<long> { TypedValue = count }, new NpgsqlParameter<long> { TypedValue = labelled } },
                });
            batch.ExecuteNonQuery();
        }

        // One statement each: VACUUM refuses to run in the implicit transaction of a multi-statement command.
        Exec(predictions, "VACUUM ANALYZE \"Predictions\"");
        Exec(predictions, "VACUUM ANALYZE \"Labels\"");
    }

    private static (NpgsqlBinaryImporter, NpgsqlBinaryImporter) Begin(NpgsqlConnection predictions, NpgsqlConnection labels) =>
        (predictions.BeginBinaryImport("COPY \"Predictions\" (\"Key\", \"Id\", \"Model\", \"Version\", \"Alias\", \"InputsJson\", \"Label\", \"Probability\", \"LatencyMs\", \"At\") FROM STDIN (FORMAT BINARY)"),
         labels.BeginBinaryImport("COPY \"Labels\" (\"PredictionKey\", \"PredictionId\", \"TrueLabel\", \"LabelTimestamp\", \"Source\", \"ReceivedAt\", \"ReceivedBy\", \"Model\", \"Version\", \"PredictionAt\", \"Probability\", \"Shadow\") FROM STDIN (FORMAT BINARY)"));

    private static void Exec(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        command.ExecuteNonQuery();
    }
}
