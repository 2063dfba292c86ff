using Portal.Tests.Hosting;

namespace Portal.Tests.Core.Artefacts;

/// <summary>One s3rver for a test class; each test uses keys of its own.</summary>
public sealed class S3ServerFixture : IAsyncLifetime
{
    public S3Server Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await S3Server.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
