// bench/LogStore: what SQLite itself costs per stored prediction, outside the portal, by schema and setting.
//
//   dotnet run -c Release --project bench/LogStore [-- VARIANT...]
//
// Each variant appends 200,000 rows shaped like the portal's prediction log (a 250-byte credit_data inputs object) in 1,000-row transactions of 50-row prepared INSERTs bound
// through SQLite's own API, exactly as Portal.Data's PredictionAppender does, and prints the process CPU
// time per row. A variant is a list of options joined by '-', e.g. "p16-noindex":
//   p8 | p16 | p64     page size 8, 16 or 64 KiB (default 4 KiB)
//   noindex            no (Model, At) index          worowid   WITHOUT ROWID table keyed by Id
//   atindex            an index on At alone          short     60-byte inputs instead of 250
//   ckpt4000           wal_autocheckpoint=4000       nosync    synchronous=OFF (default NORMAL)
//   blobid             Id as a 16-byte BLOB key      rowkey    an INTEGER PRIMARY KEY (the rowid) first, Id a BLOB without index
// "default" is the table before the OneTreePredictionLog migration (text Id key, (Model, At) index); the portal's
// table now is "rowkey-noindex". The first variant runs twice and its first run is not reported: it pays for the JIT
// and warms the caches.
using System.Diagnostics;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

const int Rows = 200_000, Transaction = 1_000, PerStatement = 50, Columns = 9;
var inputs = Encoding.UTF8.GetBytes("""{"Seniority": 9.0, "Home": "rent", "Time": 60.0, "Age": 30.0, "Marital": "married", "Records": "no", "Job": "freelance", "Expenses": 73.0, "Income": 129.0, "Assets": 0.0, "Debt": 0.0, "Amount": 800.0, "Price": 846.0}""");
var shortInputs = Encoding.UTF8.GetBytes("""{"Seniority": 9.0, "Home": "rent", "Time": 60.0, "Age": 3}""");
string[] variants = args.Length > 0 ? args : ["default", "p16", "noindex", "atindex", "worowid", "short", "ckpt4000", "nosync"];
var folder = Directory.CreateTempSubdirectory("portal-logstore").FullName;

Console.WriteLine("| variant | CPU us/row | wall us/row | file MB |");
Console.WriteLine("| --- | --- | --- | --- |");
Run(variants[0], report: false);
foreach (var v in variants) Run(v, report: true);
Directory.Delete(folder, recursive: true);

void Run(string variant, bool report)
{
    var options = variant.Split('-').ToHashSet();
    var path = Path.Combine(folder, $"{variant}-{report}.db");
    using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
    {
        connection.Open();
        var db = connection.Handle!;
        var pageSize = options.Contains("p8") ? 8192 : options.Contains("p16") ? 16384 : options.Contains("p64") ? 65536 : 4096;
        Exec(db, $"PRAGMA page_size={pageSize}; PRAGMA journal_mode=WAL; PRAGMA synchronous={(options.Contains("nosync") ? "OFF" : "NORMAL")};");
        if (options.Contains("ckpt4000")) Exec(db, "PRAGMA wal_autocheckpoint=4000;");
        Exec(db, $"""
            CREATE TABLE "Predictions" ({(options.Contains("rowkey") ? "\"Key\" INTEGER PRIMARY KEY, \"Id\" BLOB NOT NULL" : options.Contains("blobid") ? "\"Id\" BLOB NOT NULL CONSTRAINT \"PK_Predictions\" PRIMARY KEY" : "\"Id\" TEXT NOT NULL CONSTRAINT \"PK_Predictions\" PRIMARY KEY")}, "Model" TEXT NOT NULL,
              "Version" INTEGER NOT NULL, "Alias" TEXT NULL, "InputsJson" TEXT NOT NULL, "Label" TEXT NOT NULL,
              "Probability" REAL NOT NULL, "LatencyMs" REAL NOT NULL, "At" INTEGER NOT NULL){(options.Contains("worowid") ? " WITHOUT ROWID" : "")};
            """);
        if (options.Contains("atindex")) Exec(db, """CREATE INDEX "IX_Predictions_At" ON "Predictions" ("At");""");
        else if (!options.Contains("noindex")) Exec(db, """CREATE INDEX "IX_Predictions_Model_At" ON "Predictions" ("Model", "At");""");

        var rowkey = options.Contains("rowkey");
        var blob = rowkey || options.Contains("blobid");
        var cols = rowkey ? Columns + 1 : Columns;
        var sql = "INSERT INTO Predictions VALUES " + string.Join(", ", Enumerable.Range(0, PerStatement)
            .Select(r => "(" + string.Join(", ", Enumerable.Range(r * cols + 1, cols).Select(p => "?" + p)) + ")"));
        var row = options.Contains("short") ? shortInputs : inputs;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        Span<byte> id = stackalloc byte[36];
        long at = DateTimeOffset.UtcNow.UtcTicks, n = 0;
        for (var t = 0; t < Rows / Transaction; t++)
        {
            Exec(db, "BEGIN IMMEDIATE");
            Check(db, raw.sqlite3_prepare_v2(db, sql, out var statement));
            using (statement)
            {
                for (var i = 0; i < Transaction; i++, n++)
                {
                    var o = i % PerStatement * cols;
                    if (rowkey) raw.sqlite3_bind_int64(statement, ++o, n);
                    // Time-ordered ids, as the portal's v7 ids are (upper-case "D" text, as EF Core stores a Guid).
                    new Guid((uint)(n >> 16), (ushort)n, 0x7000, 0x80, 0, 0, 0, 0, 0, 0, 1).TryFormat(id, out _, "D");
                    for (var k = 0; k < id.Length; k++) if (id[k] is >= (byte)'a' and <= (byte)'f') id[k] -= 32;
                    if (blob) raw.sqlite3_bind_blob(statement, o + 1, id[..16]); else raw.sqlite3_bind_text(statement, o + 1, id);
                    raw.sqlite3_bind_text16(statement, o + 2, "credit-risk");
                    raw.sqlite3_bind_int(statement, o + 3, 1);
                    raw.sqlite3_bind_text16(statement, o + 4, "champion");
                    raw.sqlite3_bind_text(statement, o + 5, row);
                    raw.sqlite3_bind_text16(statement, o + 6, n % 3 == 0 ? "bad" : "good");
                    raw.sqlite3_bind_double(statement, o + 7, 0.25);
                    raw.sqlite3_bind_double(statement, o + 8, 0.05);
                    raw.sqlite3_bind_int64(statement, o + 9, at += 400);
                    if ((i + 1) % PerStatement != 0) continue;
                    if (raw.sqlite3_step(statement) != raw.SQLITE_DONE) Check(db, raw.sqlite3_errcode(db));
                    Check(db, raw.sqlite3_reset(statement));
                }
            }
            Exec(db, "COMMIT");
        }

        var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var bytes = new FileInfo(path).Length + (File.Exists(path + "-wal") ? new FileInfo(path + "-wal").Length : 0);
        if (report) Console.WriteLine($"| {variant} | {used.TotalMicroseconds / Rows:F2} | {wall.Elapsed.TotalMicroseconds / Rows:F2} | {bytes / 1e6:F0} |");
    }
}

static void Exec(sqlite3 db, string sql) => Check(db, raw.sqlite3_exec(db, sql));

static void Check(sqlite3 db, int rc)
{
    if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, db);
}
