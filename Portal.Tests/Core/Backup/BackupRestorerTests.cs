using System.Formats.Tar;
using System.IO.Compression;
using Portal.Core.Backup;
using Portal.Core.Common;

namespace Portal.Tests.Core.Backup;

public sealed class BackupRestorerTests : IDisposable
{
    private readonly BackupFolderFixture _folders = new();

    [Fact]
    public async Task Backup_Folders_ManifestComesFirstAndListsEveryFileWithItsSha256()
    {
        var archive = await _folders.BackupAsync();

        await using var reader = new TarReader(new GZipStream(new MemoryStream(archive), CompressionMode.Decompress));
        var names = new List<string>();
        while (await reader.GetNextEntryAsync() is { } entry) names.Add(entry.Name);
        Assert.Equal(BackupLayout.Manifest, names[0]);
        string[] files =
        [
            "db/portal.db", "models/credit-risk/v1.zip", "models/credit-risk/v2.onnx", "datasets/abc.csv", "keys/jwt-signing.key", "keys/dataprotection/key-1.xml",
        ];
        Assert.Equal(files, names.Skip(1));

        var manifest = await BackupFolderFixture.RestoreAsync(archive, _folders.Target());
        Assert.Equal(files, manifest.Files.Select(f => f.Path));
        Assert.Equal(BackupFolderFixture.Migration, manifest.MigrationId);
        Assert.Equal("1.2.3", manifest.PortalVersion);
        Assert.Equal(_folders.Clock.GetUtcNow(), manifest.CreatedAt);
        var dataset = manifest.Files.Single(f => f.Path == "datasets/abc.csv");
        Assert.Equal(Sha256Hex.Of("a,b\n1,2\n"), dataset.Sha256);
        Assert.Equal(8, dataset.Size);
    }

    [Fact]
    public async Task Restore_IntactArchive_EveryFileInItsPlaceAndNoTemporaryFolderLeft()
    {
        var target = _folders.Target();

        await BackupFolderFixture.RestoreAsync(await _folders.BackupAsync(), target);

        Assert.Equal("the live database", await File.ReadAllTextAsync(Path.Combine(target.DataPath, "portal.db")));
        Assert.Equal("model one", await File.ReadAllTextAsync(Path.Combine(target.ModelsPath, "credit-risk", "v1.zip")));
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(_folders.Source.ModelsPath, "credit-risk", "v2.onnx")),
            await File.ReadAllBytesAsync(Path.Combine(target.ModelsPath, "credit-risk", "v2.onnx")));
        Assert.False(File.Exists(Path.Combine(target.ModelsPath, "credit-risk", "v3.zip.tmp-0123")));
        Assert.Equal("a,b\n1,2\n", await File.ReadAllTextAsync(Path.Combine(target.DataPath, "datasets", "abc.csv")));
        var jwt = Path.Combine(target.DataPath, "jwt-signing.key");
        Assert.Equal("secret", await File.ReadAllTextAsync(jwt));
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(jwt));
        Assert.Equal("<key/>", await File.ReadAllTextAsync(Path.Combine(target.DataPath, "keys", "key-1.xml")));
        Assert.Equal(["data", "models"], Directory.GetFileSystemEntries(Path.Combine(_folders.Root, "restored")).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task Restore_ModelsFolderInsideTheDataFolder_BothFilled()
    {
        var data = Path.Combine(_folders.Root, "inside");
        var target = new BackupFolders(data, Path.Combine(data, "models"));

        await BackupFolderFixture.RestoreAsync(await _folders.BackupAsync(), target);

        Assert.Equal("model one", await File.ReadAllTextAsync(Path.Combine(data, "models", "credit-risk", "v1.zip")));
        Assert.True(File.Exists(Path.Combine(data, "portal.db")));
    }

    [Theory]
    [InlineData(0.25)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(0.999)]
    public async Task Restore_TruncatedArchive_RefusedAndNothingWritten(double keep)
    {
        var archive = await _folders.BackupAsync();
        var target = _folders.Target();

        var refused = await Assert.ThrowsAsync<BackupRefusedException>(() => BackupFolderFixture.RestoreAsync(archive[..(int)(archive.Length * keep)], target));

        Assert.Contains("truncated", refused.Message);
        AssertNothingWritten(target);
    }

    [Fact]
    public async Task Restore_TamperedFile_RefusedNamingTheFile()
    {
        var archive = await BackupFolderFixture.RewriteAsync(await _folders.BackupAsync(),
            (name, content) => name == "models/credit-risk/v1.zip" ? "model 0ne"u8.ToArray() : content);
        var target = _folders.Target();

        var refused = await Assert.ThrowsAsync<BackupRefusedException>(() => BackupFolderFixture.RestoreAsync(archive, target));

        Assert.Equal("models/credit-risk/v1.zip does not match its SHA-256 in the manifest: the archive was altered.", refused.Message);
        AssertNothingWritten(target);
    }

    [Fact]
    public async Task Restore_FileDroppedFromTheArchive_RefusedNamingTheFile()
    {
        var archive = await BackupFolderFixture.RewriteAsync(await _folders.BackupAsync(), (name, content) => name == "keys/jwt-signing.key" ? null : content);
        var target = _folders.Target();

        var refused = await Assert.ThrowsAsync<BackupRefusedException>(() => BackupFolderFixture.RestoreAsync(archive, target));

        Assert.Contains("keys/jwt-signing.key", refused.Message);
        AssertNothingWritten(target);
    }

    [Theory]
    [InlineData("models/credit-risk/v9.zip")]
    [InlineData("../outside.txt")]
    public async Task Restore_EntryTheManifestDoesNotList_Refused(string extra)
    {
        var archive = await BackupFolderFixture.RewriteAsync(await _folders.BackupAsync(), (_, content) => content, (extra, "x"u8.ToArray()));
        var target = _folders.Target();

        var refused = await Assert.ThrowsAsync<BackupRefusedException>(() => BackupFolderFixture.RestoreAsync(archive, target));

        Assert.Contains($"'{extra}', which its manifest does not list", refused.Message);
        AssertNothingWritten(target);
        Assert.False(File.Exists(Path.Combine(_folders.Root, "outside.txt")));
    }

    [Fact]
    public async Task Restore_ArchiveFromANewerSchema_RefusedNamingTheMigration()
    {
        var archive = await _folders.BackupAsync(migration: "20270301000000_FromTheFuture");
        var target = _folders.Target();

        var refused = await Assert.ThrowsAsync<BackupRefusedException>(() => BackupFolderFixture.RestoreAsync(archive, target));

        Assert.Contains("migration 20270301000000_FromTheFuture", refused.Message);
        Assert.Contains("newer schema", refused.Message);
        AssertNothingWritten(target);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Restore_NonEmptyTarget_RefusedAndWhatIsThereKept(bool dataFolder)
    {
        var target = _folders.Target();
        var existing = Path.Combine(dataFolder ? target.DataPath : target.ModelsPath, "keep.txt");
        BackupFolderFixture.Write(existing, "mine");

        var refused = await Assert.ThrowsAsync<BackupRefusedException>(async () => await BackupFolderFixture.RestoreAsync(await _folders.BackupAsync(), target));

        Assert.Contains("is not empty", refused.Message);
        Assert.Equal("mine", await File.ReadAllTextAsync(existing));
        Assert.Single(Directory.GetFileSystemEntries(Path.GetDirectoryName(existing)!));
        Assert.False(Directory.Exists(dataFolder ? target.ModelsPath : target.DataPath));
    }

    [Fact]
    public async Task Restore_EmptyTargetFoldersThatExist_Restores()
    {
        var target = _folders.Target();
        Directory.CreateDirectory(target.DataPath);
        Directory.CreateDirectory(target.ModelsPath);

        await BackupFolderFixture.RestoreAsync(await _folders.BackupAsync(), target);

        Assert.True(File.Exists(Path.Combine(target.DataPath, "portal.db")));
    }

    [Fact]
    public async Task Restore_NotABackup_Refused()
    {
        using var gzipped = new MemoryStream();
        await using (var gzip = new GZipStream(gzipped, CompressionLevel.Fastest, leaveOpen: true)) await gzip.WriteAsync("hello, not a tar"u8.ToArray());
        var target = _folders.Target();

        await Assert.ThrowsAsync<BackupRefusedException>(() => BackupFolderFixture.RestoreAsync(gzipped.ToArray(), target));
        await Assert.ThrowsAsync<BackupRefusedException>(() => BackupFolderFixture.RestoreAsync("plain text"u8.ToArray(), target));
        AssertNothingWritten(target);
    }

    [Fact]
    public async Task Write_FileChangedAfterTheSnapshot_FailsNamingTheFile()
    {
        await using var snapshot = await BackupSnapshot.TakeAsync(new SnapshotOnly(), _folders.Source, "1.2.3", _folders.Clock);
        await File.WriteAllTextAsync(Path.Combine(_folders.Source.DataPath, "datasets", "abc.csv"), "a,b\n3,4\n");

        var refused = await Assert.ThrowsAsync<BackupRefusedException>(() => snapshot.WriteAsync(Stream.Null));

        Assert.Contains("datasets/abc.csv changed", refused.Message);
    }

    [Fact]
    public async Task Dispose_Snapshot_RemovesTheDatabaseCopy()
    {
        var before = Directory.GetFiles(_folders.Source.DataPath);
        var snapshot = await BackupSnapshot.TakeAsync(new SnapshotOnly(), _folders.Source, "1.2.3", _folders.Clock);
        Assert.Single(Directory.GetFiles(_folders.Source.DataPath).Except(before));

        await snapshot.DisposeAsync();

        Assert.Equal(before, Directory.GetFiles(_folders.Source.DataPath));
    }

    private static void AssertNothingWritten(BackupFolders target)
    {
        Assert.False(Directory.Exists(target.DataPath));
        Assert.False(Directory.Exists(target.ModelsPath));
        // The temporary folder beside the data folder is gone too.
        var parent = Path.GetDirectoryName(target.DataPath)!;
        Assert.Empty(Directory.Exists(parent) ? Directory.GetFileSystemEntries(parent) : []);
    }

    public void Dispose() => _folders.Dispose();

    private sealed class SnapshotOnly : IBackupDatabase
    {
        public IReadOnlyList<string> KnownMigrations => BackupFolderFixture.Known;

        public async Task<string> SnapshotAsync(string destination, CancellationToken ct = default)
        {
            await File.WriteAllTextAsync(destination, "copy", ct);
            return BackupFolderFixture.Migration;
        }
    }
}
