namespace Portal.Core.Backup;

/// <summary>The database's part of a backup; the SQLite implementation lives in Portal.Data.</summary>
public interface IBackupDatabase
{
    /// <summary>
    /// Writes a consistent copy of the live database to <paramref name="destination"/> (one self-contained file) while the
    /// portal goes on writing, and returns the copy's last applied migration id.
    /// </summary>
    Task<string> SnapshotAsync(string destination, CancellationToken ct = default);

    /// <summary>Every migration id this build knows, oldest first: an archive at any other one comes from a newer schema.</summary>
    IReadOnlyList<string> KnownMigrations { get; }
}
