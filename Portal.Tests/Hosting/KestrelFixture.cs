namespace Portal.Tests.Hosting;

/// <summary>
/// One real portal on Kestrel with the demo off and an empty registry, shared by the tests of a class: for API
/// behaviour that only a real server shows (streamed responses, headers, body limits, client addresses).
/// </summary>
public class KestrelFixture : IAsyncLifetime
{
    public PortalProcess Portal { get; private set; } = null!;

    /// <summary>Configuration for this class's portal; override in a derived fixture.</summary>
    protected virtual PortalProcessOptions Options => new() { Demo = false };

    public async Task InitializeAsync() => Portal = await PortalProcess.StartAsync(Options);

    public async Task DisposeAsync()
    {
        if (Portal is not null) await Portal.DisposeAsync();
    }
}
