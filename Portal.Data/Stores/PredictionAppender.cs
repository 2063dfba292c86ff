using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Portal.Core.Serving;
using SQLitePCL;

namespace Portal.Data.Stores;

/// <summary>
/// Appends prediction records to the Predictions table, one transaction per batch, through multi-row statements bound
/// with SQLite's own API. The writer that calls it shares the machine with the predict path, so every microsecond per
/// row is taken from serving (bench/results/logging.md): the connection is its own and stays open with its statements
/// prepared, opened without SQLite's per-call mutex (only one thread uses it, under <see cref="_gate"/>), and the inputs
/// are bound as the UTF-8 bytes the client sent, never decoded. Values are encoded exactly as EF Core maps them (Guid as
/// upper-case text, DateTimeOffset through the binary converter), so EF reads the rows back unchanged.
/// </summary>
internal sealed class PredictionAppender(string path) : IDisposable
{
    private static readonly Func<DateTimeOffset, long> AtToProvider = new DateTimeOffsetToBinaryConverter().ConvertToProviderExpression.Compile();

    /// <summary>Rows per multi-row INSERT: measured (bench/) to cut SQLite's CPU per row by a quarter against one row per statement.</summary>
    private const int RowsPerStatement = 50;

    private const int Columns = 9;

    /// <summary>How long a write waits for another writer (a label upload, a promotion) before failing.</summary>
    private const int BusyTimeoutMs = 5000;

    private readonly Lock _gate = new();
    private sqlite3? _db;
    private sqlite3_stmt? _many, _one;

    /// <summary>The database file of an SQLite connection string (the portal's is always a file).</summary>
    public static string PathOf(string connectionString) => new SqliteConnectionStringBuilder(connectionString).DataSource;

    public void Append(IReadOnlyList<PredictionRecord> records)
    {
        if (records.Count == 0) return;
        lock (_gate)
        {
            var db = _db ??= Open(path);
            Exec(db, "BEGIN IMMEDIATE");
            try
            {
                var i = 0;
                if (records.Count >= RowsPerStatement)
                {
                    var many = _many ??= Prepare(db, RowsPerStatement);
                    for (; i + RowsPerStatement <= records.Count; i += RowsPerStatement)
                    {
                        for (var row = 0; row < RowsPerStatement; row++) Bind(db, many, row * Columns, records[i + row]);
                        Step(db, many);
                    }
                }

                if (i < records.Count)
                {
                    var one = _one ??= Prepare(db, 1);
                    for (; i < records.Count; i++)
                    {
                        Bind(db, one, 0, records[i]);
                        Step(db, one);
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
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _many?.Dispose();
            _one?.Dispose();
            _db?.Dispose();
            (_many, _one, _db) = (null, null, null);
        }
    }

    private static sqlite3 Open(string path)
    {
        var rc = raw.sqlite3_open_v2(path, out var db, raw.SQLITE_OPEN_READWRITE | raw.SQLITE_OPEN_NOMUTEX, null);
        try
        {
            Check(db, rc);
            Check(db, raw.sqlite3_busy_timeout(db, BusyTimeoutMs));
            // In WAL mode NORMAL never corrupts; a power cut may lose the last batches of this log, not the registry's writes.
            Exec(db, "PRAGMA synchronous=NORMAL");
            return db;
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    private static sqlite3_stmt Prepare(sqlite3 db, int rows)
    {
        var sql = new StringBuilder("INSERT INTO Predictions (Id, Model, Version, Alias, InputsJson, Label, Probability, LatencyMs, At) VALUES ");
        for (var r = 0; r < rows; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (var c = 1; c <= Columns; c++) sql.Append(c == 1 ? "?" : ", ?").Append(r * Columns + c);
            sql.Append(')');
        }

        Check(db, raw.sqlite3_prepare_v2(db, sql.ToString(), out var statement));
        return statement;
    }

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
        // Reset even when the step failed, so the cached statement is ready for the next batch.
        var reset = raw.sqlite3_reset(statement);
        if (step != raw.SQLITE_DONE) Check(db, step);
        Check(db, reset);
    }

    /// <summary>The Guid as EF Core's SQLite provider stores it: "D" format, upper case.</summary>
    private static void FormatId(Guid id, Span<byte> utf8)
    {
        id.TryFormat(utf8, out _, "D");
        Ascii.ToUpperInPlace(utf8, out _);
    }

    private static void Exec(sqlite3 db, string sql) => Check(db, raw.sqlite3_exec(db, sql));

    private static void Check(sqlite3 db, int rc)
    {
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, db);
    }
}
