using System.Net;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Portal.Core.Artefacts;

namespace Portal.Data.Artefacts;

/// <summary>
/// Artefacts and datasets in an S3-compatible bucket, through the AWS SDK. Failures become a
/// <see cref="BlobStoreException"/> naming the key and the kind of failure: never the endpoint, the bucket's address or
/// the SDK's own message (which can carry both), as these sentences reach API clients.
/// </summary>
public sealed class S3ArtefactBlobs : IArtefactBlobs, IDisposable
{
    private readonly AmazonS3Client _client;
    private readonly string _bucket;
    private readonly string _prefix;

    public S3ArtefactBlobs(S3Settings settings)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = settings.ForcePathStyle,
            // A load waits on this: a store that does not answer fails the load soon, and the serving engine keeps serving.
            MaxErrorRetry = 2,
            Timeout = TimeSpan.FromSeconds(30),
            // S3-compatible servers do not all take the SDK's default trailing checksums; the registry's SHA-256 checks content anyway.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (!string.IsNullOrWhiteSpace(settings.Endpoint))
        {
            config.ServiceURL = settings.Endpoint;
            if (!string.IsNullOrWhiteSpace(settings.Region)) config.AuthenticationRegion = settings.Region;
        }
        else if (!string.IsNullOrWhiteSpace(settings.Region))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(settings.Region);
        }

        _client = !string.IsNullOrEmpty(settings.AccessKey) && !string.IsNullOrEmpty(settings.SecretKey)
            ? new AmazonS3Client(new BasicAWSCredentials(settings.AccessKey, settings.SecretKey), config)
            : new AmazonS3Client(config);
        _bucket = settings.Bucket;
        _prefix = string.IsNullOrWhiteSpace(settings.Prefix) ? "" : settings.Prefix.Trim('/') + "/";
    }

    public Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken ct = default) =>
        Call(key, "write", async () =>
        {
            using var body = new MemoryStream(content.ToArray(), writable: false);
            await _client.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = _prefix + key, InputStream = body, UseChunkEncoding = false }, ct);
            return true;
        }, ct);

    public Task PutFileAsync(string key, string sourcePath, CancellationToken ct = default) =>
        Call(key, "write", async () =>
        {
            // A single PUT read from the file as it goes (S3 takes up to 5 GB this way); the SDK knows the length from the stream.
            await using var body = new FileStream(sourcePath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
            await _client.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = _prefix + key, InputStream = body, UseChunkEncoding = false, AutoCloseStream = false }, ct);
            return true;
        }, ct);

    public Task<byte[]?> GetAsync(string key, CancellationToken ct = default) =>
        Call(key, "read", async () =>
        {
            try
            {
                using var response = await _client.GetObjectAsync(_bucket, _prefix + key, ct);
                using var buffer = new MemoryStream();
                await response.ResponseStream.CopyToAsync(buffer, ct);
                return buffer.ToArray();
            }
            catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound && ex.ErrorCode is "NoSuchKey" or null or "")
            {
                return (byte[]?)null;
            }
        }, ct);

    public Task<bool> GetFileAsync(string key, string destinationPath, CancellationToken ct = default) =>
        Call(key, "read", async () =>
        {
            try
            {
                using var response = await _client.GetObjectAsync(_bucket, _prefix + key, ct);
                await using var target = new FileStream(destinationPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
                await response.ResponseStream.CopyToAsync(target, 128 * 1024, ct);
                return true;
            }
            catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound && ex.ErrorCode is "NoSuchKey" or null or "")
            {
                return false;
            }
        }, ct);

    public Task DeleteAsync(string key, CancellationToken ct = default) =>
        Call(key, "delete", async () =>
        {
            await _client.DeleteObjectAsync(_bucket, _prefix + key, ct);
            return true;
        }, ct);

    public Task<bool> ExistsAsync(string key, CancellationToken ct = default) =>
        Call(key, "look up", async () =>
        {
            try
            {
                await _client.GetObjectMetadataAsync(_bucket, _prefix + key, ct);
                return true;
            }
            catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound && ex.ErrorCode is "NoSuchKey" or "NotFound" or null or "")
            {
                return false;
            }
        }, ct);

    public string? LocalPathOf(string key) => null;

    public void Dispose() => _client.Dispose();

    private static async Task<T> Call<T>(string key, string verb, Func<Task<T>> call, CancellationToken ct)
    {
        try
        {
            return await call();
        }
        catch (AmazonS3Exception ex)
        {
            // The service answered: its error code (NoSuchBucket, AccessDenied, ...) says what to fix, and names no host.
            throw new BlobStoreException($"The artefact store could not {verb} {key}: the S3 service answered {(int)ex.StatusCode} {ex.ErrorCode}.", ex);
        }
        catch (Exception ex) when (ex is AmazonClientException or HttpRequestException or IOException or TaskCanceledException && ex is not BlobStoreException && !ct.IsCancellationRequested)
        {
            throw new BlobStoreException($"The artefact store could not {verb} {key}: the S3 service could not be reached or the request could not be made ({ex.GetType().Name}).", ex);
        }
    }
}
