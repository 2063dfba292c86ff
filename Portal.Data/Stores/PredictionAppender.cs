using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Portal.Core.Predictions;
using Portal.Core.Rollouts;
using SQLitePCL;

namespace Portal.Data.Stores;

/// <summary>
/// Appends prediction records to the Predictions table, one transaction per batch, through multi-row statements bound
/// with SQLite's own API. The writer that calls it shares the machine with the predict path, so every microsecond per
/// row is taken from serving (bench/results/logging.md): the connection is its own and stays open with its statements
/// prepared, opened without SQLite's per-call mutex (only one thread uses it, under <see cref="_gate"/>), and the inputs
/// are bound as the UTF-8 bytes the client sent, never decoded. Values are encoded exactly as EF Core maps them (the key
/// from the id, the id as its big-endian bytes, DateTimeOffset through the binary converter), so EF reads them back.
/// </summary>
/// <remarks>
/// A row whose key is taken already (only a clock set back into milliseconds already logged can do that) is skipped,
/// not allowed to fail its batch: <see cref="Append"/> returns how many were stored, and the writer counts the rest as lost.
/// </remarks>
internal sealed unsafe class PredictionAppender(string connectionString) : IPredictionAppender
{
    private static readonly Func<DateTimeOffset, long> AtToProvider = new DateTimeOffsetToBinaryConverter().ConvertToProviderExpression.Compile();

    /// <summary>Rows per multi-row INSERT: measured (bench/) to cut SQLite's CPU per row by a quarter against one row per statement.</summary>
    private const int RowsPerStatement = 50;

    private const int Columns = 13;

    /// <summary>The longest arm name (<see cref="RolloutNames"/>: "candidate"), room for which is kept per row.</summary>
    private const int MaxArmLength = 9;

    /// <summary>How long a write waits for another writer (a label upload, a promotion) before failing.</summary>
    private const int BusyTimeoutMs = 5000;

    private readonly Lock _gate = new();
    private sqlite3? _db;
    private sqlite3_stmt? _many, _one, _count, _recount;

    /// <summary>Adds a batch's rows of one model, version and hour to its counter (<see cref="PredictionCounts"/>).</summary>
    private const string CountSql =
        "INSERT INTO PredictionCounts (Model, Version, Hour, Count, Labelled) VALUES (?1, ?2, ?3, ?4, 0) ON CONFLICT (Model, Version, Hour) DO UPDATE SET Count = Count + excluded.Count";

    /// <summary>Sets an hour's counters from its rows: after a batch some of whose rows were skipped, as which ones is not known.</summary>
    private const string RecountSql =
        "INSERT INTO PredictionCounts (Model, Version, Hour, Count, Labelled) SELECT Model, Version, ?1, COUNT(*), 0 FROM Predictions " +
        "WHERE \"Key\" >= ?2 AND \"Key\" < ?3 AND (Arm IS NULL OR Arm <> 'shadow') GROUP BY Model, Version " +
        "ON CONFLICT (Model, Version, Hour) DO UPDATE SET Count = excluded.Count";

    /// <summary>The text values of the rows being bound, in native memory: SQLite reads them in place when it steps.</summary>
    private byte* _text;
    private nuint _textSize;

    /// <summary>Stores the records in one transaction and returns how many were stored (see the remarks).</summary>
    public int Append(IReadOnlyList<PredictionRecord> records)
    {
        if (records.Count == 0) return 0;
        lock (_gate)
        {
            var db = _db ??= Open(new SqliteConnectionStringBuilder(connectionString).DataSource);
            Exec(db, "BEGIN IMMEDIATE");
            try
            {
                var before = raw.sqlite3_total_changes(db);
                var i = 0;
                if (records.Count >= RowsPerStatement)
                {
                    var many = _many ??= Prepare(db, RowsPerStatement);
                    for (; i + RowsPerStatement <= records.Count; i += RowsPerStatement)
                    {
                        Bind(db, many, records, i, RowsPerStatement);
                        Step(db, many);
                    }
                }

                if (i < records.Count)
                {
                    var one = _one ??= Prepare(db, 1);
                    for (; i < records.Count; i++)
                    {
                        Bind(db, one, records, i, 1);
                        Step(db, one);
                    }
                }

                var stored = raw.sqlite3_total_changes(db) - before;
                Count(db, records, stored);
                Exec(db, "COMMIT");
                return stored;
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
            _count?.Dispose();
            _recount?.Dispose();
            _db?.Dispose();
            (_many, _one, _count, _recount, _db) = (null, null, null, null, null);
            NativeMemory.Free(_text);
            _text = null;
            _textSize = 0;
        }
    }

    /// <summary>Keeps the hourly counters equal to the rows, in the batch's transaction: a few upserts per batch.</summary>
    private void Count(sqlite3 db, IReadOnlyList<PredictionRecord> records, int stored)
    {
        if (stored == records.Count)
        {
            var count = _count ??= Prepare(db, CountSql);
            foreach (var (model, version, hour, n) in PredictionCounts.Of(records))
            {
                Check(db, raw.sqlite3_bind_text(count, 1, model));
                Check(db, raw.sqlite3_bind_int64(count, 2, version));
                Check(db, raw.sqlite3_bind_int64(count, 3, hour));
                Check(db, raw.sqlite3_bind_int64(count, 4, n));
                Step(db, count);
            }

            return;
        }

        var recount = _recount ??= Prepare(db, RecountSql);
        foreach (var hour in PredictionCounts.HoursOf(records))
        {
            Check(db, raw.sqlite3_bind_int64(recount, 1, hour));
            Check(db, raw.sqlite3_bind_int64(recount, 2, PredictionCounts.FirstKeyOfHour(hour)));
            Check(db, raw.sqlite3_bind_int64(recount, 3, PredictionCounts.FirstKeyOfHour(hour + 1)));
            Step(db, recount);
        }
    }

    private static sqlite3_stmt Prepare(sqlite3 db, string sql)
    {
        Check(db, raw.sqlite3_prepare_v2(db, sql, out var statement));
        return statement;
    }

    /// <summary>The portal's database file (or a file: URI), which migrations have created.</summary>
    private static sqlite3 Open(string path)
    {
        var flags = raw.SQLITE_OPEN_READWRITE | raw.SQLITE_OPEN_NOMUTEX | (path.StartsWith("file:", StringComparison.OrdinalIgnoreCase) ? raw.SQLITE_OPEN_URI : 0);
        var rc = raw.sqlite3_open_v2(path, out var db, flags, null);
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
        var sql = new StringBuilder("INSERT OR IGNORE INTO Predictions (\"Key\", Id, Model, Version, Alias, InputsJson, Label, Probability, LatencyMs, At, RolloutId, Arm, PairedKey) VALUES ");
        for (var r = 0; r < rows; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (var c = 1; c <= Columns; c++) sql.Append(c == 1 ? "?" : ", ?").Append(r * Columns + c);
            sql.Append(')');
        }

        Check(db, raw.sqlite3_prepare_v2(db, sql.ToString(), out var statement));
        return statement;
    }

    /// <summary>Binds <paramref name="count"/> records from <paramref name="first"/> to the statement's rows (parameters are numbered from 1).</summary>
    private void Bind(sqlite3 db, sqlite3_stmt statement, IReadOnlyList<PredictionRecord> records, int first, int count)
    {
        // Room for every text value first: growing the buffer moves it, and the bound pointers must stay valid until the step.
        nuint size = 0;
        for (var row = 0; row < count; row++)
        {
            var r = records[first + row];
            size += (nuint)(16 + 16 + Encoding.UTF8.GetMaxByteCount(r.Model.Length + (r.Alias?.Length ?? 0) + r.Label.Length + MaxArmLength) + r.Inputs.Length);
        }

        if (size > _textSize)
        {
            NativeMemory.Free(_text);
            _textSize = Math.Max(size, 2 * _textSize);
            _text = (byte*)NativeMemory.Alloc(_textSize);
        }

        var stmt = statement.DangerousGetHandle();
        var text = _text;
        for (var row = 0; row < count; row++)
        {
            var r = records[first + row];
            var offset = row * Columns;
            Check(db, SqliteBinds.Int64(stmt, offset + 1, PredictionIds.KeyOf(r.Id)));
            r.Id.TryWriteBytes(new Span<byte>(text, 16), bigEndian: true, out _);
            Check(db, SqliteBinds.Blob(stmt, offset + 2, text, 16));
            text += 16;
            text = BindText(db, stmt, offset + 3, r.Model, text);
            Check(db, SqliteBinds.Int64(stmt, offset + 4, r.Version));
            text = r.Alias is null ? NullAt(db, stmt, offset + 5, text) : BindText(db, stmt, offset + 5, r.Alias, text);
            r.Inputs.Span.CopyTo(new Span<byte>(text, r.Inputs.Length));
            Check(db, SqliteBinds.Text(stmt, offset + 6, text, r.Inputs.Length));
            text += r.Inputs.Length;
            text = BindText(db, stmt, offset + 7, r.Label, text);
            Check(db, SqliteBinds.Double(stmt, offset + 8, r.Probability));
            Check(db, SqliteBinds.Double(stmt, offset + 9, r.LatencyMs));
            Check(db, SqliteBinds.Int64(stmt, offset + 10, AtToProvider(r.At)));
            if (r.RolloutId is { } rollout)
            {
                rollout.TryWriteBytes(new Span<byte>(text, 16), bigEndian: true, out _);
                Check(db, SqliteBinds.Blob(stmt, offset + 11, text, 16));
                text += 16;
            }
            else
            {
                Check(db, SqliteBinds.Null(stmt, offset + 11));
            }

            text = r.Arm is { } arm ? BindText(db, stmt, offset + 12, RolloutNames.Of(arm), text) : NullAt(db, stmt, offset + 12, text);
            Check(db, r.PairedWith is { } paired ? SqliteBinds.Int64(stmt, offset + 13, PredictionIds.KeyOf(paired)) : SqliteBinds.Null(stmt, offset + 13));
        }
    }

    /// <summary>Encodes <paramref name="value"/> as UTF-8 at <paramref name="text"/>, binds it there, and returns the next free byte.</summary>
    private static byte* BindText(sqlite3 db, nint stmt, int index, string value, byte* text)
    {
        var length = Encoding.UTF8.GetBytes(value, new Span<byte>(text, Encoding.UTF8.GetMaxByteCount(value.Length)));
        Check(db, SqliteBinds.Text(stmt, index, text, length));
        return text + length;
    }

    private static byte* NullAt(sqlite3 db, nint stmt, int index, byte* text)
    {
        Check(db, SqliteBinds.Null(stmt, index));
        return text;
    }

    private static void Step(sqlite3 db, sqlite3_stmt statement)
    {
        var step = raw.sqlite3_step(statement);
        // Reset even when the step failed, so the cached statement is ready for the next batch.
        var reset = raw.sqlite3_reset(statement);
        if (step != raw.SQLITE_DONE) Check(db, step);
        Check(db, reset);
    }

    private static void Exec(sqlite3 db, string sql) => Check(db, raw.sqlite3_exec(db, sql));

    private static void Check(sqlite3 db, int rc)
    {
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, db);
    }
}
