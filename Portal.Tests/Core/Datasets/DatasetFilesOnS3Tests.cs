using Portal.Core.Artefacts;
using Portal.Core.Common;
using Portal.Core.Datasets;
using Portal.Data.Artefacts;
using Portal.Tests.Core.Artefacts;

namespace Portal.Tests.Core.Datasets;

/// <summary>
/// A dataset kept in a bucket (real SDK against s3rver): stored from a file, fetched on a cache miss as a stream into the
/// replica's cache, checked by hash, and read from the cache afterwards.
/// </summary>
public sealed class DatasetFilesOnS3Tests(S3ServerFixture fixture) : IClassFixture<S3ServerFixture>, IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("portal-s3-datasets-");
    private readonly S3ArtefactBlobs _blobs = new(new S3Settings(fixture.Server.Bucket)
    {
        Endpoint = fixture.Server.Endpoint, Region = "us-east-1", ForcePathStyle = true, Prefix = $"datasets-{Guid.NewGuid():N}",
        AccessKey = Hosting.S3Server.AccessKey, SecretKey = Hosting.S3Server.SecretKey,
    });

    public void Dispose()
    {
        _blobs.Dispose();
        _root.Delete(recursive: true);
    }

    [Fact]
    public async Task A_stored_file_is_fetched_into_an_empty_cache_by_another_replica_and_read_from_it_after()
    {
        var (sha, content) = await StoreAsync(new DatasetFiles(_blobs, DatasetFiles.BucketPrefix, Cache("a")));
        var cache = Cache("b");
        var replica = new DatasetFiles(_blobs, DatasetFiles.BucketPrefix, cache);

        Assert.Equal(content, ReadAll(replica.Open(sha)));
        Assert.Equal(content, await File.ReadAllBytesAsync(cache.TryGet(sha)!));
        // Nothing but the copy is left in the cache folder (the fetch's temporary file was moved, not copied).
        Assert.Equal([sha], Directory.GetFiles(cache.Folder).Select(Path.GetFileName));

        // The store is not asked again: the object is gone from the bucket, and the copy still serves.
        await _blobs.DeleteAsync(DatasetFiles.BucketPrefix + sha + ".csv");
        Assert.Equal(content, ReadAll(replica.Open(sha)));
    }

    [Fact]
    public async Task A_copy_changed_after_it_was_checked_is_dropped_and_fetched_again()
    {
        var (sha, content) = await StoreAsync(new DatasetFiles(_blobs, DatasetFiles.BucketPrefix, Cache("a")));
        var cache = Cache("b");
        var replica = new DatasetFiles(_blobs, DatasetFiles.BucketPrefix, cache);
        ReadAll(replica.Open(sha));

        await File.WriteAllTextAsync(cache.TryGet(sha)!, "label,x\ntrue,tampered\n");

        Assert.Equal(content, ReadAll(replica.Open(sha)));
    }

    [Fact]
    public async Task Without_a_cache_the_fetched_file_is_read_and_then_deleted()
    {
        var (sha, content) = await StoreAsync(new DatasetFiles(_blobs, DatasetFiles.BucketPrefix, Cache("a")));
        var replica = new DatasetFiles(_blobs, DatasetFiles.BucketPrefix, null);

        var stream = replica.Open(sha);
        var path = Assert.IsType<FileStream>(stream).Name;
        Assert.True(File.Exists(path));

        Assert.Equal(content, ReadAll(stream));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task An_object_that_no_longer_hashes_to_its_name_is_refused_and_leaves_nothing_in_the_cache()
    {
        var (sha, _) = await StoreAsync(new DatasetFiles(_blobs, DatasetFiles.BucketPrefix, Cache("a")));
        await _blobs.PutAsync(DatasetFiles.BucketPrefix + sha + ".csv", "label,x\ntrue,replaced\n"u8.ToArray());
        var cache = Cache("b");

        var ex = Assert.Throws<IOException>(() => new DatasetFiles(_blobs, DatasetFiles.BucketPrefix, cache).Open(sha));

        Assert.Contains("does not hash to its name", ex.Message);
        Assert.Empty(Directory.Exists(cache.Folder) ? Directory.GetFiles(cache.Folder) : []);
    }

    [Fact]
    public void A_missing_object_is_a_FileNotFoundException_naming_its_key()
    {
        var sha = new string('a', 64);

        var ex = Assert.Throws<FileNotFoundException>(() => new DatasetFiles(_blobs, DatasetFiles.BucketPrefix, Cache("b")).Open(sha));

        Assert.Contains(DatasetFiles.BucketPrefix + sha + ".csv", ex.Message);
    }

    private DigestCache Cache(string replica) => new(Path.Combine(_root.FullName, replica, "cache"));

    /// <summary>A 3 MB CSV stored the way an upload is: written to the store's temp path, then saved under its SHA-256.</summary>
    private static async Task<(string Sha, byte[] Content)> StoreAsync(DatasetFiles files)
    {
        var lines = Enumerable.Range(0, 150_000).Select(i => $"{(i % 3 == 0 ? "true" : "false")},{i * 7 % 1000},row-{i}");
        var content = System.Text.Encoding.UTF8.GetBytes("label,x,id\n" + string.Join('\n', lines) + "\n");
        var temp = files.TempPath();
        await File.WriteAllBytesAsync(temp, content);
        var sha = Sha256Hex.Of(content);
        await files.SaveFileAsync(sha, temp);
        if (File.Exists(temp)) File.Delete(temp);
        return (sha, content);
    }

    private static byte[] ReadAll(Stream stream)
    {
        using (stream)
        {
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
    }
}
