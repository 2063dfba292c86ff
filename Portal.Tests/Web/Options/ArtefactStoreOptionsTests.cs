using Portal.Tests.Api;

namespace Portal.Tests.Web.Options;

/// <summary>Portal:Artefacts:Store and its S3 keys are checked at start-up: a setting that cannot work stops the portal naming the key.</summary>
public sealed class ArtefactStoreOptionsTests
{
    [Theory]
    [InlineData("s3", null, null, null, "Portal:Artefacts:S3:Bucket")]
    [InlineData("S3", "", null, null, "Portal:Artefacts:S3:Bucket")]
    [InlineData("ftp", "b", null, null, "Portal:Artefacts:Store")]
    [InlineData("s3", "b", "not a url", null, "Portal:Artefacts:S3:Endpoint")]
    [InlineData("s3", "b", "http://127.0.0.1:9", "only-the-access-key", "Portal:Artefacts:S3:SecretKey")]
    public void Startup_UnusableStoreSettings_StopNamingTheKey(string store, string? bucket, string? endpoint, string? accessKey, string key)
    {
        using var factory = new PortalFactory();
        factory.Settings["Portal:Artefacts:Store"] = store;
        factory.Settings["Portal:Artefacts:S3:Bucket"] = bucket;
        factory.Settings["Portal:Artefacts:S3:Endpoint"] = endpoint;
        factory.Settings["Portal:Artefacts:S3:AccessKey"] = accessKey;

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains(key, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Startup_S3WithABucketAndNoKeys_StartsOnTheSdkCredentialChain()
    {
        // No AccessKey/SecretKey: the SDK's chain (AWS_ACCESS_KEY_ID and friends) is used when the store is first called,
        // so the portal starts; nothing is loaded from the bucket with the demo off.
        using var factory = new PortalFactory();
        factory.Settings["Portal:Artefacts:Store"] = "s3";
        factory.Settings["Portal:Artefacts:S3:Bucket"] = "b";
        factory.Settings["Portal:Artefacts:S3:Endpoint"] = "http://127.0.0.1:9";
        factory.Settings["Portal:Artefacts:S3:ForcePathStyle"] = "true";

        using var client = factory.CreateClient();

        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }
}
