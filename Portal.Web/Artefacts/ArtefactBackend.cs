using Portal.Core.Artefacts;
using Portal.Core.Datasets;
using Portal.Core.Registry;
using Portal.Data.Artefacts;
using Portal.Web.Extensions;

namespace Portal.Web.Artefacts;

/// <summary>
/// Where this portal keeps artefacts and datasets (Portal:Artefacts:Store): the folders, as always, or one S3 bucket
/// for both (datasets under <c>datasets/</c>) read through a local cache by digest. One singleton, so the S3 client is
/// made once and disposed with the app.
/// </summary>
public sealed class ArtefactBackend : IDisposable
{
    private ArtefactBackend(IArtefactBlobs models, IArtefactBlobs datasets, string datasetPrefix, DigestCache? cache)
    {
        Models = models;
        Datasets = datasets;
        DatasetPrefix = datasetPrefix;
        Cache = cache;
    }

    public IArtefactBlobs Models { get; }
    public IArtefactBlobs Datasets { get; }
    public string DatasetPrefix { get; }

    /// <summary>The local copies of remote objects; null for the folder store, which is read in place.</summary>
    public DigestCache? Cache { get; }

    public bool IsRemote => Cache is not null;

    public static string CacheFolder(PortalPaths paths) => Path.Combine(paths.DataPath, "cache", "artefacts");

    public static ArtefactBackend Create(ArtefactOptions options, PortalPaths paths)
    {
        if (!options.IsS3) return new ArtefactBackend(new FileArtefactBlobs(paths.ModelsPath), new FileArtefactBlobs(paths.DatasetsPath), "", null);
        var s3 = options.S3;
        var blobs = new S3ArtefactBlobs(new S3Settings(s3.Bucket!)
        {
            Endpoint = s3.Endpoint, Region = s3.Region, ForcePathStyle = s3.ForcePathStyle, Prefix = s3.Prefix,
            AccessKey = s3.AccessKey, SecretKey = s3.SecretKey,
        });
        return new ArtefactBackend(blobs, blobs, DatasetFiles.BucketPrefix, new DigestCache(CacheFolder(paths)));
    }

    public ArtefactStore CreateStore() => new(Models, Cache);

    public DatasetFiles CreateDatasetFiles() => new(Datasets, DatasetPrefix, Cache);

    public void Dispose() => (Models as IDisposable)?.Dispose();
}
