using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Portal.Core.Serving;
using SQLitePCL;

namespace Portal.Data.Stores;

/// <summary>
/// Appends prediction records to the Predictions table in one transaction through one prepared statement, bound with
/// SQLite's own API. The writer that calls it shares the machine with the predict path, so every microsecond per row
/// is taken from serving: ADO.NET's per-command work cost more than SQLite's insert itself, and the inputs are bound
/// as the UTF-8 bytes the client sent, never decoded. Values are encoded exactly as EF Core maps them (Guid as
/// upper-case text, DateTimeOffset through the binary converter), so EF reads the rows back unchanged.
/// </summary>
internal static class PredictionBatchInsert
{
    private static readonly Func<DateTimeOffset, long> AtToProvider = new DateTimeOffsetToBinaryConverter().ConvertToProviderExpression.Compile();

    private const string Insert = "INSERT INTO Predictions (Id, Model, Version, Alias, InputsJson, Label, Probability, LatencyMs, At) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

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
            Check(db, raw.sqlite3_prepare_v2(db, Insert, out var statement));
            using (statement)
            {
                Span<byte> id = stackalloc byte[36];
                foreach (var r in records)
                {
                    FormatId(r.Id, id);
                    Check(db, raw.sqlite3_bind_text(statement, 1, id));
                    Check(db, raw.sqlite3_bind_text16(statement, 2, r.Model));
                    Check(db, raw.sqlite3_bind_int(statement, 3, r.Version));
                    Check(db, r.Alias is null ? raw.sqlite3_bind_null(statement, 4) : raw.sqlite3_bind_text16(statement, 4, r.Alias));
                    Check(db, raw.sqlite3_bind_text(statement, 5, r.Inputs.Span));
                    Check(db, raw.sqlite3_bind_text16(statement, 6, r.Label));
                    Check(db, raw.sqlite3_bind_double(statement, 7, r.Probability));
                    Check(db, raw.sqlite3_bind_double(statement, 8, r.LatencyMs));
                    Check(db, raw.sqlite3_bind_int64(statement, 9, AtToProvider(r.At)));
                    var step = raw.sqlite3_step(statement);
                    if (step != raw.SQLITE_DONE) Check(db, step);
                    Check(db, raw.sqlite3_reset(statement));
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
