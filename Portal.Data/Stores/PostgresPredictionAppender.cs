using System.Text;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;
using NpgsqlTypes;
using Portal.Core.Predictions;
using Portal.Core.Rollouts;

namespace Portal.Data.Stores;

/// <summary>
/// The prediction log's writer on PostgreSQL: each batch is one binary <c>COPY</c> into Predictions on a connection of
/// its own, kept open. Values are encoded as EF Core maps them (as <see cref="PredictionAppender"/> does on SQLite), so
/// EF reads them back: the key from the id, the ids as their big-endian bytes, DateTimeOffset through the binary converter.
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

    private readonly Lock _gate = new();
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

    private static int CopyAll(NpgsqlConnection connection, IReadOnlyList<PredictionRecord> records)
    {
        using var transaction = connection.BeginTransaction();
        ulong stored;
        using (var importer = connection.BeginBinaryImport(Copy))
        {
            foreach (var r in records)
            {
                importer.StartRow();
                importer.Write(PredictionIds.KeyOf(r.Id), NpgsqlDbType.Bigint);
                importer.Write(r.Id.ToByteArray(bigEndian: true), NpgsqlDbType.Bytea);
                importer.Write(r.Model, NpgsqlDbType.Text);
                importer.Write(r.Version, NpgsqlDbType.Integer);
                WriteNullable(importer, r.Alias);
                importer.Write(Encoding.UTF8.GetString(r.Inputs.Span), NpgsqlDbType.Text);
                importer.Write(r.Label, NpgsqlDbType.Text);
                importer.Write(r.Probability, NpgsqlDbType.Double);
                importer.Write(r.LatencyMs, NpgsqlDbType.Double);
                importer.Write(AtToProvider(r.At), NpgsqlDbType.Bigint);
                if (r.RolloutId is { } rollout) importer.Write(rollout.ToByteArray(bigEndian: true), NpgsqlDbType.Bytea);
                else importer.WriteNull();
                WriteNullable(importer, r.Arm is { } arm ? RolloutNames.Of(arm) : null);
                if (r.PairedWith is { } paired) importer.Write(PredictionIds.KeyOf(paired), NpgsqlDbType.Bigint);
                else importer.WriteNull();
            }

            stored = importer.Complete();
        }

        transaction.Commit();
        return (int)stored;
    }

    private static void WriteNullable(NpgsqlBinaryImporter importer, string? value)
    {
        if (value is null) importer.WriteNull();
        else importer.Write(value, NpgsqlDbType.Text);
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

        transaction.Commit();
        return stored;
    }
}
