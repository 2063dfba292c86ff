using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Portal.Core.Serving;
using SQLitePCL;

namespace Portal.Data.Stores;

/// <summary>
/// Appends prediction records to the Predictions table in one transaction through multi-row prepared statements, bound with
/// SQLite's own API. The writer that calls it shares the machine with the predict path, so every microsecond per row
/// is taken from serving: ADO.NET's per-command work cost more than SQLite's insert itself, and the inputs are bound
/// as the UTF-8 bytes the client sent, never decoded. Values are encoded exactly as EF Core maps them (Guid as
/// upper-case text, DateTimeOffset through the binary converter), so EF reads the rows back unchanged.
/// </summary>
internal static class PredictionBatchInsert
{
    private static readonly Func<DateTimeOffset, long> AtToProvider = new DateTimeOffsetToBinaryConverter().ConvertToProviderExpression.Compile();

    /// <summary>Rows per multi-row INSERT: measured (bench/) to cut SQLite's CPU per row by a quarter against one row per statement.</summary>
    private const int RowsPerStatement = 50;

    private const int Columns = 9;

    private static readonly string InsertMany = InsertSql(RowsPerStatement);
    private static readonly string InsertOne = InsertSql(1);

    /// <summary>How long a write waits for another writer (a label upload, a promotion) before failing.</summary>
    private const int BusyTimeoutMs = 5000;

    public static void Run(SqliteConnection connection, IReadOnlyList<PredictionRecord> records)
    {
        var db = connection.Handle!;
        Check(db, raw.sqlite3_busy_timeout(db, BusyTimeoutMs));
        // In WAL mode NORMAL never corrupts; a power cut may lose the last batches of this log, not the registry's writes.
        Exec(db, "PRAGMA synchronous=NORMAL");
        Exec(db, "BEGIN IMMEDIATE");
        try
        {
            var i = 0;
            if (records.Count >= RowsPerStatement)
            {
                Check(db, raw.sqlite3_prepare_v2(db, InsertMany, out var many));
                using (many)
                {
                    for (; i + RowsPerStatement <= records.Count; i += RowsPerStatement)
                    {
                        for (var row = 0; row < RowsPerStatement; row++) Bind(db, many, row * Columns, records[i + row]);
                        Step(db, many);
                    }
                }
            }

            if (i < records.Count)
            {
                Check(db, raw.sqlite3_prepare_v2(db, InsertOne, out var one));
                using (one)
                {
                    for (; i < records.Count; i++)
                    {
                        Bind(db, one, 0, records[i]);
                        Step(db, one);
                    }
                }
            }

            Exec(db, "COMMIT");
        }
        catch
        {
            raw.sqlite3_exec(db, "ROLLBACK");
            throw;
        }
    }

    private static string InsertSql(int rows) =>
        "INSERT INTO Predictions (Id, Model, Version, Alias, InputsJson, Label, Probability, LatencyMs, At) VALUES " +
        string.Join(", ", Enumerable.Range(0, rows).Select(r => "(" + string.Join(", ", Enumerable.Range(r * Columns + 1, Columns).Select(p => "?" + p)) + ")"));

    /// <summary>Binds one record to the parameters after <paramref name="offset"/> (parameters are numbered from 1).</summary>
    private static void Bind(sqlite3 db, sqlite3_stmt statement, int offset, PredictionRecord r)
    {
        Span<byte> id = stackalloc byte[36];
        FormatId(r.Id, id);
        Check(db, raw.sqlite3_bind_text(statement, offset + 1, id));
        Check(db, raw.sqlite3_bind_text16(statement, offset + 2, r.Model));
        Check(db, raw.sqlite3_bind_int(statement, offset + 3, r.Version));
        Check(db, r.Alias is null ? raw.sqlite3_bind_null(statement, offset + 4) : raw.sqlite3_bind_text16(statement, offset + 4, r.Alias));
        Check(db, raw.sqlite3_bind_text(statement, offset + 5, r.Inputs.Span));
        Check(db, raw.sqlite3_bind_text16(statement, offset + 6, r.Label));
        Check(db, raw.sqlite3_bind_double(statement, offset + 7, r.Probability));
        Check(db, raw.sqlite3_bind_double(statement, offset + 8, r.LatencyMs));
        Check(db, raw.sqlite3_bind_int64(statement, offset + 9, AtToProvider(r.At)));
    }

    private static void Step(sqlite3 db, sqlite3_stmt statement)
    {
        var step = raw.sqlite3_step(statement);
        if (step != raw.SQLITE_DONE) Check(db, step);
        Check(db, raw.sqlite3_reset(statement));
    }

    /// <summary>The Guid as EF Core's SQLite provider stores it: "D" format, upper case.</summary>
    private static void FormatId(Guid id, Span<byte> utf8)
    {
        id.TryFormat(utf8, out _, "D");
        for (var i = 0; i < utf8.Length; i++)
            if (utf8[i] is >= (byte)'a' and <= (byte)'f') utf8[i] -= 32;
    }

    private static void Exec(sqlite3 db, string sql) => Check(db, raw.sqlite3_exec(db, sql));

    private static void Check(sqlite3 db, int rc)
    {
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, db);
    }
}
