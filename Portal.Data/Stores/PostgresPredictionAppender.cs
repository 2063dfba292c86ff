using System.Text;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;
using NpgsqlTypes;
using Portal.Core.Predictions;
using Portal.Core.Rollouts;

namespace Portal.Data.Stores;

/// <summary>
/// The prediction log's writer on PostgreSQL: each batch is one binary <c>COPY</c> into Predictions on a connection of
/// its own, kept open, encoded by <see cref="PostgresCopyRows"/>. Values are encoded as EF Core maps them (as
/// <see cref="PredictionAppender"/> does on SQLite), so EF reads them back: the key from the id, the ids as their
/// big-endian bytes, DateTimeOffset through the binary converter.
/// </summary>
/// <remarks>
/// COPY has no "ignore duplicates": a batch with a key taken already (only a clock set back into milliseconds already
/// logged can do that) is rolled back and written again row by row with <c>ON CONFLICT DO NOTHING</c>, so the rest of
/// it is stored and <see cref="Append"/> returns how many were.
/// </remarks>
internal sealed class PostgresPredictionAppender(string connectionString) : IPredictionAppender
{
    private static readonly Func<DateTimeOffset, long> AtToProvider = new DateTimeOffsetToBinaryConverter().ConvertToProviderExpression.Compile();

    private const string ColumnList = "\"Key\", \"Id\", \"Model\", \"Version\", \"Alias\", \"InputsJson\", \"Label\", \"Probability\", \"LatencyMs\", \"At\", \"RolloutId\", \"Arm\", \"PairedKey\"";

    private const string Copy = $"COPY \"Predictions\" ({ColumnList}) FROM STDIN (FORMAT BINARY)";

    private const string InsertOne = $"INSERT INTO \"Predictions\" ({ColumnList}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (\"Key\") DO NOTHING";

    /// <summary>Adds a batch's rows of one model, version and hour to its counter (<see cref="PredictionCounts"/>).</summary>
    private const string CountSql =
        "INSERT INTO \"PredictionCounts\" (\"Model\", \"Version\", \"Hour\", \"Count\", \"Labelled\") VALUES ($1, $2, $3, $4, 0) " +
        "ON CONFLICT (\"Model\", \"Version\", \"Hour\") DO UPDATE SET \"Count\" = \"PredictionCounts\".\"Count\" + excluded.\"Count\"";

    /// <summary>Sets an hour's counters from its rows: after a batch some of whose rows were skipped, as which ones is not known.</summary>
    private const string RecountSql =
        "INSERT INTO \"PredictionCounts\" (\"Model\", \"Version\", \"Hour\", \"Count\", \"Labelled\") SELECT \"Model\", \"Version\", $1, COUNT(*), 0 FROM \"Predictions\" " +
        "WHERE \"Key\" >= $2 AND \"Key\" < $3 AND (\"Arm\" IS NULL OR \"Arm\" <> 'shadow') GROUP BY \"Model\", \"Version\" " +
        "ON CONFLICT (\"Model\", \"Version\", \"Hour\") DO UPDATE SET \"Count\" = excluded.\"Count\"";

    private readonly Lock _gate = new();
    private readonly PostgresCopyRows _rows = new();
    private NpgsqlConnection? _connection;

    public int Append(IReadOnlyList<PredictionRecord> records)
    {
        if (records.Count == 0) return 0;
        lock (_gate)
        {
            var connection = _connection ??= Open(connectionString);
            try
            {
                try
                {
                    return CopyAll(connection, records);
                }
                catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
                {
                    return InsertEach(connection, records);
                }
            }
            catch
            {
                // A broken connection is opened again by the next batch rather than failing every one after it.
                connection.Dispose();
                _connection = null;
                throw;
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _connection?.Dispose();
            _connection = null;
        }
    }

    private static NpgsqlConnection Open(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            connection.Open();
            // As SQLite's synchronous=NORMAL for this log: a crash may lose the last batches of it, never the registry's writes.
            using var command = new NpgsqlCommand("SET synchronous_commit = off", connection);
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private int CopyAll(NpgsqlConnection connection, IReadOnlyList<PredictionRecord> records)
    {
        using var transaction = connection.BeginTransaction();
        using (var stream = connection.BeginRawBinaryCopy(Copy))
        {
            try
            {
                _rows.Begin(stream);
                foreach (var r in records)
                {
                    var arm = r.Arm is { } a ? RolloutNames.Of(a) : null;
                    _rows.Row(13, PostgresCopyRows.MaxBytes(r.Model) + PostgresCopyRows.MaxBytes(r.Alias) + PostgresCopyRows.MaxBytes(r.Inputs.Span)
                        + PostgresCopyRows.MaxBytes(r.Label) + PostgresCopyRows.MaxBytes(arm) + 96);
                    _rows.Int64(PredictionIds.KeyOf(r.Id));
                    _rows.Guid(r.Id);
                    _rows.Text(r.Model);
                    _rows.Int32(r.Version);
                    _rows.Text(r.Alias);
                    _rows.Utf8Text(r.Inputs.Span);
                    _rows.Text(r.Label);
                    _rows.Double(r.Probability);
                    _rows.Double(r.LatencyMs);
                    _rows.Int64(AtToProvider(r.At));
                    if (r.RolloutId is { } rollout) _rows.Guid(rollout);
                    else _rows.Null();
                    _rows.Text(arm);
                    if (r.PairedWith is { } paired) _rows.Int64(PredictionIds.KeyOf(paired));
                    else _rows.Null();
                }

                _rows.End();
            }
            catch
            {
                // Half a copy must not be committed by the stream's disposal: cancel it, and the caller drops the connection.
                try
                {
                    stream.Cancel();
                }
                catch (NpgsqlException)
                {
                    // The connection is broken too: the caller drops it, and the first failure is the one to report.
                }

                throw;
            }
        }

        Count(connection, transaction, records);
        transaction.Commit();
        return records.Count;
    }

    private static int InsertEach(NpgsqlConnection connection, IReadOnlyList<PredictionRecord> records)
    {
        using var transaction = connection.BeginTransaction();
        using var command = new NpgsqlCommand(InsertOne, connection, transaction);
        var stored = 0;
        foreach (var r in records)
        {
            command.Parameters.Clear();
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = PredictionIds.KeyOf(r.Id) });
            command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = r.Id.ToByteArray(bigEndian: true) });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = r.Model });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = r.Version });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)r.Alias ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Encoding.UTF8.GetString(r.Inputs.Span) });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = r.Label });
            command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = r.Probability });
            command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = r.LatencyMs });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = AtToProvider(r.At) });
            command.Parameters.Add(new NpgsqlParameter { Value = r.RolloutId is { } rollout ? rollout.ToByteArray(bigEndian: true) : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bytea });
            command.Parameters.Add(new NpgsqlParameter { Value = r.Arm is { } arm ? RolloutNames.Of(arm) : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter { Value = r.PairedWith is { } paired ? PredictionIds.KeyOf(paired) : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
            stored += command.ExecuteNonQuery();
        }

        Recount(connection, transaction, records);
        transaction.Commit();
        return stored;
    }

    /// <summary>Adds the batch to the hourly counters, in its transaction.</summary>
    private static void Count(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<PredictionRecord> records)
    {
        using var command = new NpgsqlCommand(CountSql, connection, transaction);
        foreach (var (model, version, hour, n) in PredictionCounts.Of(records))
        {
            command.Parameters.Clear();
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = model });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = version });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = hour });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = n });
            command.ExecuteNonQuery();
        }
    }

    /// <summary>Sets the counters of the hours the batch touched from their rows (some rows were skipped as duplicates).</summary>
    private static void Recount(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<PredictionRecord> records)
    {
        using var command = new NpgsqlCommand(RecountSql, connection, transaction);
        foreach (var hour in PredictionCounts.HoursOf(records))
        {
            command.Parameters.Clear();
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = hour });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = PredictionCounts.FirstKeyOfHour(hour) });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = PredictionCounts.FirstKeyOfHour(hour + 1) });
            command.ExecuteNonQuery();
        }
    }
}
