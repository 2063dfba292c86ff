using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using SQLitePCL;

namespace LogScale;

/// <summary>
/// Writes the synthetic log into a migrated SQLite file through SQLite's own API (as the portal's writer does):
/// prepared multi-row INSERTs bound by position, 5,000,000 rows per transaction, with the rollback journal and syncs
/// off while it runs: a bench's shortcut (a crash mid-way leaves a broken file), which the portal never takes. WAL
/// is turned back on at the end, as the portal runs. As a bulk loader would: the labels' secondary index is dropped
/// during the load and built once at the end, rows are generated on another thread than the one inserting them, and
/// the inputs (a few hundred distinct JSON texts) are bound as UTF-8 encoded once.
/// </summary>
internal static class SqliteGenerator
{
    private static readonly Func<DateTimeOffset, long> ToBinary = new DateTimeOffsetToBinaryConverter().ConvertToProviderExpression.Compile();

    private const int RowsPerStatement = 50;
    private const int PredictionColumns = 8;
    private const int LabelColumns = 7;
    private const int RowsPerTransaction = 5_000_000;
    private const int RowsPerChunk = 10_000;

    public static void Write(string connectionString, SyntheticLog log, Action<long> progress)
    {
        var path = new SqliteConnectionStringBuilder(connectionString).DataSource;
        // Leaving WAL needs the only connection: the pooled ones that migrated and registered go first.
        SqliteConnection.ClearAllPools();
        Check(null, raw.sqlite3_open_v2(path, out var db, raw.SQLITE_OPEN_READWRITE, null));
        using (db)
        {
            raw.sqlite3_busy_timeout(db, 5000);
            Exec(db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-262144;");
            Exec(db, "PRAGMA locking_mode=EXCLUSIVE; DROP INDEX IF EXISTS IX_Labels_ReceivedAt;");
            var predictions = new Statement(db, "INSERT INTO Predictions (\"Key\", Id, Model, Version, Alias, InputsJson, Label, Probability, LatencyMs, At) VALUES ", "(?, ?, ?, 1, 'champion', ?, ?, ?, ?, ?)");
            var labels = new Statement(db, "INSERT INTO Labels (PredictionKey, PredictionId, TrueLabel, LabelTimestamp, Source, ReceivedAt, ReceivedBy, Model, Version, PredictionAt, Probability, Shadow) VALUES ", "(?, ?, ?, NULL, 'crm', ?, 'bench', ?, 1, ?, ?, 0)");
            var buffer = new List<SyntheticLog.Row>(RowsPerStatement);
            var labelled = new List<SyntheticLog.Row>(RowsPerStatement);
            // Generation (random draws, ids, counters) on a thread of its own, handing over chunks of rows.
            var chunks = new System.Collections.Concurrent.BlockingCollection<SyntheticLog.Row[]>(boundedCapacity: 8);
            var producer = Task.Factory.StartNew(() =>
            {
                try
                {
                    foreach (var chunk in log.Generate().Chunk(RowsPerChunk)) chunks.Add(chunk);
                }
                finally
                {
                    chunks.CompleteAdding();
                }
            }, TaskCreationOptions.LongRunning);
            Exec(db, "BEGIN");
            long n = 0;
            foreach (var chunk in chunks.GetConsumingEnumerable())
            {
                foreach (var r in chunk)
                {
                    buffer.Add(r);
                    if (r.TrueLabel is not null) labelled.Add(r);
                    if (buffer.Count == RowsPerStatement) Flush(db, predictions, labels, buffer, labelled);
                    if (++n % RowsPerTransaction == 0)
                    {
                        Flush(db, predictions, labels, buffer, labelled);
                        Exec(db, "COMMIT; BEGIN");
                    }

                    if (n % 1_000_000 == 0) progress(n);
                }
            }

            producer.GetAwaiter().GetResult();
            Flush(db, predictions, labels, buffer, labelled);
            var counts = new Statement(db, "INSERT INTO PredictionCounts (Model, Version, Hour, Count, Labelled) VALUES ", "(?, 1, ?, ?, ?)");
            var one = counts.For(1);
            foreach (var ((model, hour), (count, labelledCount)) in log.Counts)
            {
                raw.sqlite3_bind_int64(one, 4, labelledCount);
                raw.sqlite3_bind_text(one, 1, model);
                raw.sqlite3_bind_int64(one, 2, hour);
                raw.sqlite3_bind_int64(one, 3, count);
                Step(db, one);
            }

            Exec(db, "COMMIT");
            // The index the migration made, built once over the loaded labels (sorted once instead of kept sorted per row).
            Exec(db, "CREATE INDEX IX_Labels_ReceivedAt ON Labels (ReceivedAt);");
            predictions.Dispose();
            labels.Dispose();
            counts.Dispose();
            Exec(db, "PRAGMA journal_mode=WAL;");
        }
    }

    /// <summary>Writes the buffered predictions, then their labels, a full statement or one row at a time, and empties the buffers.</summary>
    private static void Flush(sqlite3 db, Statement predictions, Statement labels, List<SyntheticLog.Row> buffer, List<SyntheticLog.Row> labelled)
    {
        Write(db, predictions, buffer, PredictionColumns, (s, o, r) =>
        {
            raw.sqlite3_bind_int64(s, o + 1, r.Key);
            raw.sqlite3_bind_blob(s, o + 2, r.Id.ToByteArray(bigEndian: true));
            raw.sqlite3_bind_text(s, o + 3, r.Model);
            raw.sqlite3_bind_text(s, o + 4, Utf8(r.Inputs));
            raw.sqlite3_bind_text(s, o + 5, r.Label);
            raw.sqlite3_bind_double(s, o + 6, r.Probability);
            raw.sqlite3_bind_double(s, o + 7, r.LatencyMs);
            raw.sqlite3_bind_int64(s, o + 8, ToBinary(r.At));
        });
        Write(db, labels, labelled, LabelColumns, (s, o, r) =>
        {
            raw.sqlite3_bind_int64(s, o + 1, r.Key);
            raw.sqlite3_bind_blob(s, o + 2, r.Id.ToByteArray(bigEndian: true));
            raw.sqlite3_bind_text(s, o + 3, r.TrueLabel);
            raw.sqlite3_bind_int64(s, o + 4, ToBinary(r.At.AddDays(1)));
            raw.sqlite3_bind_text(s, o + 5, r.Model);
            raw.sqlite3_bind_int64(s, o + 6, ToBinary(r.At));
            raw.sqlite3_bind_double(s, o + 7, r.Probability);
        });
        buffer.Clear();
        labelled.Clear();
    }

    /// <summary>Each distinct inputs text (the same string instances recur) encoded once.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<string, byte[]> Encoded = new();

    private static byte[] Utf8(string text) => Encoded.GetValue(text, t => Encoding.UTF8.GetBytes(t));

    private static void Write(sqlite3 db, Statement statement, List<SyntheticLog.Row> rows, int columns, Action<sqlite3_stmt, int, SyntheticLog.Row> bind)
    {
        var i = 0;
        if (rows.Count == RowsPerStatement)
        {
            var many = statement.For(RowsPerStatement);
            for (; i < RowsPerStatement; i++) bind(many, i * columns, rows[i]);
            Step(db, many);
            return;
        }

        var one = statement.For(1);
        for (; i < rows.Count; i++)
        {
            bind(one, 0, rows[i]);
            Step(db, one);
        }
    }

    /// <summary>An INSERT prepared for one row and for <see cref="RowsPerStatement"/> rows.</summary>
    private sealed class Statement(sqlite3 db, string head, string row) : IDisposable
    {
        private sqlite3_stmt? _one, _many;

        public sqlite3_stmt For(int rows) => rows == 1 ? _one ??= Prepare(1) : _many ??= Prepare(rows);

        private sqlite3_stmt Prepare(int rows)
        {
            var sql = new StringBuilder(head).AppendJoin(", ", Enumerable.Repeat(row, rows)).ToString();
            Check(db, raw.sqlite3_prepare_v2(db, sql, out var statement));
            return statement;
        }

        public void Dispose()
        {
            _one?.Dispose();
            _many?.Dispose();
        }
    }

    private static void Step(sqlite3 db, sqlite3_stmt statement)
    {
        var rc = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        if (rc != raw.SQLITE_DONE) Check(db, rc);
    }

    private static void Exec(sqlite3 db, string sql) => Check(db, raw.sqlite3_exec(db, sql));

    private static void Check(sqlite3? db, int rc)
    {
        if (rc != raw.SQLITE_OK) throw new InvalidOperationException($"SQLite error {rc}: {(db is null ? "" : raw.sqlite3_errmsg(db).utf8_to_string())}");
    }
}
