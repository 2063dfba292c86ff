using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Portal.Core.Predictions;
using SQLitePCL;

namespace Portal.Data.Stores;

/// <summary>
/// The prediction log's three big reads (drift's inputs, the estimate's scores, realized performance's labelled rows)
/// with a data reader of only the columns they need, no entity, no change tracker and no object per row where none is
/// needed: at 100M rows these windows are 200,000 to 2,000,000 rows (bench/results/log-scale.md). The SQL is the one
/// EF Core generated for the LINQ these replace (key ranges of the table, narrowed to exact times); times are decoded by
/// the value converter EF Core maps them with, so every value equals what EF read.
/// </summary>
internal static class PredictionColumnReads
{
    private static readonly Func<DateTimeOffset, long> AtToProvider = new DateTimeOffsetToBinaryConverter().ConvertToProviderExpression.Compile();
    private static readonly Func<long, DateTimeOffset> AtFromProvider = new DateTimeOffsetToBinaryConverter().ConvertFromProviderExpression.Compile();

    /// <summary>Rows between cancellation checks.</summary>
    private const int CheckEvery = 16_384;

    private const string ScoresSql =
        """SELECT "Version", "At", "Probability" FROM "Predictions" """ +
        """WHERE "Key" >= @first AND "Key" < @end AND "At" >= @from AND "At" < @to AND "Model" = @model AND ("Arm" IS NULL OR "Arm" <> @shadow) """ +
        """ORDER BY "Key" """;

    private const string LabelledSql =
        """SELECT "Version", "PredictionAt", "Probability", "TrueLabel" FROM "Labels" """ +
        """WHERE "PredictionKey" >= @first AND "PredictionKey" < @end AND "Model" = @model AND NOT "Shadow" AND "PredictionAt" >= @from AND "PredictionAt" < @to """ +
        """ORDER BY "PredictionKey" """;

    private const string InputsSql =
        """SELECT "InputsJson" FROM "Predictions" """ +
        """WHERE "Key" >= @first AND "Key" < @end AND "At" >= @from AND "At" <= @to AND "Model" = @model AND ("Arm" IS NULL OR "Arm" <> @shadow) """;

    private const string InputsOfVersionSql = InputsSql + """AND "Version" = @version """;

    private const string NewestFirst = """ORDER BY "Key" DESC LIMIT @max""";

    /// <summary>Version, time and probability of a model's served predictions in [from, to), in key order.</summary>
    public static Task<ServedScores> ScoresAsync(PortalDbContext db, string model, string shadowArm, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        ScoresAsync(db, model, shadowArm, from, to, PredictionIds.FirstKeyAt(from.ToUniversalTime()), PredictionIds.EndKeyAt(to.ToUniversalTime()), ct);

    /// <summary>As above, within the keys [<paramref name="firstKey"/>, <paramref name="endKey"/>) of the window's range (a part of it read on its own connection).</summary>
    public static async Task<ServedScores> ScoresAsync(PortalDbContext db, string model, string shadowArm, DateTimeOffset from, DateTimeOffset to, long firstKey, long endKey, CancellationToken ct)
    {
        from = from.ToUniversalTime();
        to = to.ToUniversalTime();
        await using var command = await CommandAsync(db, ScoresSql, ct);
        AddWindow(command, model, firstKey, endKey, from, to);
        Add(command, "@shadow", shadowArm);
        var versions = new int[4096];
        var ticks = new long[4096];
        var probabilities = new double[4096];
        var n = 0;
        var npgsql = db.Database.IsNpgsql();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await ReadAsync(npgsql, reader, n, ct))
        {
            if (n == versions.Length)
            {
                Array.Resize(ref versions, 2 * n);
                Array.Resize(ref ticks, 2 * n);
                Array.Resize(ref probabilities, 2 * n);
            }

            versions[n] = reader.GetInt32(0);
            ticks[n] = AtFromProvider(reader.GetInt64(1)).UtcTicks;
            probabilities[n++] = reader.GetDouble(2);
        }

        return new ServedScores(n, versions, ticks, probabilities);
    }

    /// <summary>A model's labelled served predictions in [from, to) from the labels' copies of their fields, in key order.</summary>
    public static async Task<List<PredictionOutcome>> LabelledAsync(PortalDbContext db, string model, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        from = from.ToUniversalTime();
        to = to.ToUniversalTime();
        await using var command = await CommandAsync(db, LabelledSql, ct);
        AddWindow(command, model, PredictionIds.FirstKeyAt(from), PredictionIds.EndKeyAt(to), from, to);
        var result = new List<PredictionOutcome>();
        var npgsql = db.Database.IsNpgsql();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await ReadAsync(npgsql, reader, result.Count, ct))
            result.Add(new PredictionOutcome(reader.GetInt32(0), AtFromProvider(reader.GetInt64(1)), reader.GetDouble(2), reader.GetString(3)));

        return result;
    }

    /// <summary>
    /// The inputs of a model's (and version's) served predictions in [from, to], newest first, at most
    /// <paramref name="max"/>, as the UTF-8 bytes stored. SQLite: read in place through its own API (a data reader would
    /// copy each value into a new string or array); PostgreSQL: as text, encoded.
    /// </summary>
    public static async Task<PredictionInputs> InputsAsync(PortalDbContext db, string model, int? version, string shadowArm, DateTimeOffset from, DateTimeOffset to, int max, CancellationToken ct)
    {
        // Bounds compared in UTC, as the log's times are stored (the binary form orders by local clock time).
        from = from.ToUniversalTime();
        to = to.ToUniversalTime();
        long first = PredictionIds.FirstKeyAt(from), end = PredictionIds.EndKeyAt(to);
        var sql = (version is null ? InputsSql : InputsOfVersionSql) + NewestFirst;
        var inputs = new PredictionInputs();
        if (max <= 0 || from > to) return inputs;
        if (!db.Database.IsNpgsql())
        {
            await db.Database.OpenConnectionAsync(ct);
            ReadSqliteInputs(((SqliteConnection)db.Database.GetDbConnection()).Handle!, sql, model, version, shadowArm, first, end, AtToProvider(from), AtToProvider(to), max, inputs, ct);
            return inputs;
        }

        await using var command = await CommandAsync(db, sql, ct);
        AddWindow(command, model, first, end, from, to);
        Add(command, "@shadow", shadowArm);
        Add(command, "@max", max);
        if (version is { } v) Add(command, "@version", v);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) inputs.Add(reader.GetString(0));
        return inputs;
    }

    private static void ReadSqliteInputs(sqlite3 db, string sql, string model, int? version, string shadowArm, long first, long end, long from, long to, int max,
        PredictionInputs inputs, CancellationToken ct)
    {
        Check(db, raw.sqlite3_prepare_v2(db, sql, out var statement));
        using (statement)
        {
            Check(db, raw.sqlite3_bind_int64(statement, raw.sqlite3_bind_parameter_index(statement, "@first"), first));
            Check(db, raw.sqlite3_bind_int64(statement, raw.sqlite3_bind_parameter_index(statement, "@end"), end));
            Check(db, raw.sqlite3_bind_int64(statement, raw.sqlite3_bind_parameter_index(statement, "@from"), from));
            Check(db, raw.sqlite3_bind_int64(statement, raw.sqlite3_bind_parameter_index(statement, "@to"), to));
            Check(db, raw.sqlite3_bind_text(statement, raw.sqlite3_bind_parameter_index(statement, "@model"), model));
            Check(db, raw.sqlite3_bind_text(statement, raw.sqlite3_bind_parameter_index(statement, "@shadow"), shadowArm));
            Check(db, raw.sqlite3_bind_int64(statement, raw.sqlite3_bind_parameter_index(statement, "@max"), max));
            if (version is { } v) Check(db, raw.sqlite3_bind_int64(statement, raw.sqlite3_bind_parameter_index(statement, "@version"), v));
            int rc;
            while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                if (inputs.Count % CheckEvery == 0) ct.ThrowIfCancellationRequested();
                // The text's bytes in SQLite's page cache, valid until the next step: copied once, into the inputs' buffer.
                inputs.Add(raw.sqlite3_column_blob(statement, 0));
            }

            if (rc != raw.SQLITE_DONE) Check(db, rc);
        }
    }

    private static void Check(sqlite3 db, int rc)
    {
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, db);
    }

    /// <summary>
    /// SQLite reads synchronously whatever the call (its async is the sync one wrapped): the task per row is skipped there.
    /// <paramref name="npgsql"/> is asked once per read: IsNpgsql() looks at the provider's assembly name each time.
    /// </summary>
    private static async ValueTask<bool> ReadAsync(bool npgsql, DbDataReader reader, int rows, CancellationToken ct)
    {
        if (npgsql) return await reader.ReadAsync(ct);
        if (rows % CheckEvery == 0) ct.ThrowIfCancellationRequested();
        return reader.Read();
    }

    private static async Task<DbCommand> CommandAsync(PortalDbContext db, string sql, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        return command;
    }

    private static void AddWindow(DbCommand command, string model, long first, long end, DateTimeOffset from, DateTimeOffset to)
    {
        Add(command, "@first", first);
        Add(command, "@end", end);
        Add(command, "@from", AtToProvider(from));
        Add(command, "@to", AtToProvider(to));
        Add(command, "@model", model);
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
