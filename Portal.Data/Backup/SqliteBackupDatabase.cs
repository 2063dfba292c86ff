using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Backup;

namespace Portal.Data.Backup;

/// <summary>
/// The SQLite part of a backup: <c>VACUUM INTO</c> copies a consistent snapshot through SQLite itself (a read
/// transaction, so the portal's writers go on under WAL), never a raw copy of a live file that may have half its pages
/// in the -wal file.
/// </summary>
public sealed class SqliteBackupDatabase(string connectionString) : IBackupDatabase
{
    private static readonly Lazy<IReadOnlyList<string>> Migrations = new(() =>
    {
        using var db = new PortalDbContext(new DbContextOptionsBuilder<PortalDbContext>().UseSqlite("Data Source=:memory:").Options);
        return db.Database.GetMigrations().ToList();
    });

    public IReadOnlyList<string> KnownMigrations => Migrations.Value;

    /// <summary>The migrations this build's Portal.Data knows, for a restore that has no live database.</summary>
    public static IReadOnlyList<string> Known => Migrations.Value;

    public async Task<string> SnapshotAsync(string destination, CancellationToken ct = default)
    {
        // ReadWrite, not ReadWriteCreate: a wrong path must fail, not back up a new empty database.
        var source = new SqliteConnectionStringBuilder(connectionString) { Mode = SqliteOpenMode.ReadWrite };
        await using (var connection = new SqliteConnection(source.ToString()))
        {
            await connection.OpenAsync(ct);
            await using var vacuum = connection.CreateCommand();
            vacuum.CommandText = "VACUUM INTO $destination";
            vacuum.Parameters.AddWithValue("$destination", destination);
            await vacuum.ExecuteNonQueryAsync(ct);
        }

        // The copy becomes one self-contained file (rollback journal), and is closed for good before it is streamed.
        var copy = new SqliteConnectionStringBuilder { DataSource = destination, Mode = SqliteOpenMode.ReadWrite, Pooling = false };
        await using (var connection = new SqliteConnection(copy.ToString()))
        {
            await connection.OpenAsync(ct);
            await using var journal = connection.CreateCommand();
            journal.CommandText = "PRAGMA journal_mode=DELETE";
            await journal.ExecuteNonQueryAsync(ct);
            await using var last = connection.CreateCommand();
            last.CommandText = "SELECT MigrationId FROM __EFMigrationsHistory ORDER BY MigrationId DESC LIMIT 1";
            try
            {
                return await last.ExecuteScalarAsync(ct) as string
                    ?? throw new BackupRefusedException("The database has no migration applied: start the portal once before backing it up.");
            }
            catch (SqliteException ex)
            {
                throw new BackupRefusedException("The database is not a Portal database (it has no migration history).", ex);
            }
        }
    }
}
