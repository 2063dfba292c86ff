using Portal.Core.Artefacts;
using Portal.Core.Common;
using Portal.Data.Artefacts;

namespace Portal.Tests.Core.Artefacts;

/// <summary>The folder store and the S3 store (real SDK against s3rver) keep, replace, report and delete objects alike.</summary>
public abstract class ArtefactBlobsContractTests : IDisposable
{
    public sealed class Files : ArtefactBlobsContractTests
    {
        private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("portal-blobs-");

        protected override IArtefactBlobs Blobs => new FileArtefactBlobs(_folder.FullName);

        [Fact]
        public async Task LocalPathOf_names_the_file_that_holds_the_key()
        {
            await Blobs.PutAsync("m/v1.zip", new byte[] { 7 });
            Assert.Equal([7], await File.ReadAllBytesAsync(Blobs.LocalPathOf("m/v1.zip")!));
        }

        public override void Dispose()
        {
            _folder.Delete(recursive: true);
            base.Dispose();
        }
    }

    public sealed class S3(S3ServerFixture fixture) : ArtefactBlobsContractTests, IClassFixture<S3ServerFixture>
    {
        private readonly S3ArtefactBlobs _blobs = new(new S3Settings(fixture.Server.Bucket)
        {
            Endpoint = fixture.Server.Endpoint, Region = "us-east-1", ForcePathStyle = true, Prefix = $"contract-{Guid.NewGuid():N}",
            AccessKey = Hosting.S3Server.AccessKey, SecretKey = Hosting.S3Server.SecretKey,
        });

        protected override IArtefactBlobs Blobs => _blobs;

        [Fact]
        public void LocalPathOf_is_null_so_readers_go_through_the_cache() => Assert.Null(Blobs.LocalPathOf("m/v1.zip"));

        [Fact]
        public async Task GetAsync_on_a_missing_bucket_names_the_key_and_the_service_error()
        {
            using var blobs = new S3ArtefactBlobs(new S3Settings("no-such-bucket")
            {
                Endpoint = fixture.Server.Endpoint, Region = "us-east-1", ForcePathStyle = true,
                AccessKey = Hosting.S3Server.AccessKey, SecretKey = Hosting.S3Server.SecretKey,
            });

            var ex = await Assert.ThrowsAsync<BlobStoreException>(() => blobs.GetAsync("m/v1.zip"));

            Assert.Contains("m/v1.zip", ex.Message);
            Assert.Contains("NoSuchBucket", ex.Message);
            Assert.DoesNotContain(fixture.Server.Port.ToString(), ex.Message);
        }

        [Fact]
        public async Task Every_operation_on_an_unreachable_service_fails_naming_the_key_but_not_the_endpoint()
        {
            // A port nothing listens on: the connection is refused at once.
            using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            listener.Start();
            var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            using var blobs = new S3ArtefactBlobs(new S3Settings("b")
            {
                Endpoint = $"http://127.0.0.1:{port}", Region = "us-east-1", ForcePathStyle = true, AccessKey = "a", SecretKey = "s",
            });

            foreach (var call in new Func<Task>[] { () => blobs.GetAsync("m/v2.zip"), () => blobs.PutAsync("m/v2.zip", new byte[] { 1 }), () => blobs.ExistsAsync("m/v2.zip") })
            {
                var ex = await Assert.ThrowsAsync<BlobStoreException>(call);
                Assert.Contains("m/v2.zip", ex.Message);
                Assert.Contains("could not be reached", ex.Message);
                Assert.DoesNotContain(port.ToString(), ex.Message);
                Assert.DoesNotContain("127.0.0.1", ex.Message);
            }
        }

        public override void Dispose()
        {
            _blobs.Dispose();
            base.Dispose();
        }
    }

    protected abstract IArtefactBlobs Blobs { get; }

    private readonly DirectoryInfo _scratch = Directory.CreateTempSubdirectory("portal-blob-files-");

    public virtual void Dispose() => _scratch.Delete(recursive: true);

    private string TempFile() => Path.Combine(_scratch.FullName, Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task PutAsync_then_GetAsync_returns_the_bytes_and_ExistsAsync_is_true()
    {
        byte[] content = [1, 2, 3, 250];
        await Blobs.PutAsync("credit-risk/v3.zip", content);

        Assert.Equal(content, await Blobs.GetAsync("credit-risk/v3.zip"));
        Assert.True(await Blobs.ExistsAsync("credit-risk/v3.zip"));
    }

    [Fact]
    public async Task GetAsync_of_a_missing_key_is_null_and_ExistsAsync_false()
    {
        Assert.Null(await Blobs.GetAsync("nothing/v1.zip"));
        Assert.False(await Blobs.ExistsAsync("nothing/v1.zip"));
    }

    [Fact]
    public async Task PutAsync_on_an_existing_key_replaces_its_content()
    {
        await Blobs.PutAsync("datasets/abc.csv", new byte[] { 1 });
        await Blobs.PutAsync("datasets/abc.csv", new byte[] { 2, 3 });

        Assert.Equal([2, 3], await Blobs.GetAsync("datasets/abc.csv"));
    }

    [Fact]
    public async Task DeleteAsync_removes_the_object_and_deleting_it_again_is_no_error()
    {
        await Blobs.PutAsync("m/v1.explain.json", "{}"u8.ToArray());

        await Blobs.DeleteAsync("m/v1.explain.json");
        await Blobs.DeleteAsync("m/v1.explain.json");

        Assert.False(await Blobs.ExistsAsync("m/v1.explain.json"));
        Assert.Null(await Blobs.GetAsync("m/v1.explain.json"));
    }

    [Fact]
    public async Task PutFileAsync_keeps_the_file_content_and_GetFileAsync_writes_it_back_to_a_file()
    {
        // Larger than one copy buffer and than the SDK's default part size for small puts, with every byte value.
        var content = new byte[5 * 1024 * 1024 + 17];
        new Random(19).NextBytes(content);
        var source = TempFile();
        await File.WriteAllBytesAsync(source, content);

        await Blobs.PutFileAsync("datasets/big.csv", source);
        var copy = TempFile();
        File.Delete(copy);

        Assert.True(await Blobs.GetFileAsync("datasets/big.csv", copy));
        Assert.Equal(Sha256Hex.Of(content), Sha256Hex.OfFile(copy));
        Assert.Equal(content, await Blobs.GetAsync("datasets/big.csv"));
    }

    [Fact]
    public async Task PutFileAsync_on_an_existing_key_replaces_its_content()
    {
        await Blobs.PutAsync("datasets/abc.csv", new byte[] { 1 });
        var source = TempFile();
        await File.WriteAllBytesAsync(source, [4, 5, 6]);

        await Blobs.PutFileAsync("datasets/abc.csv", source);

        Assert.Equal([4, 5, 6], await Blobs.GetAsync("datasets/abc.csv"));
    }

    [Fact]
    public async Task GetFileAsync_of_a_missing_key_is_false_and_writes_no_file()
    {
        var copy = TempFile();
        File.Delete(copy);

        Assert.False(await Blobs.GetFileAsync("nothing/v1.csv", copy));
        Assert.False(File.Exists(copy));
    }

    [Fact]
    public async Task Empty_content_is_kept_as_an_empty_object()
    {
        await Blobs.PutAsync("m/empty.bin", ReadOnlyMemory<byte>.Empty);

        var read = await Blobs.GetAsync("m/empty.bin");
        Assert.NotNull(read);
        Assert.Empty(read);
    }
}
