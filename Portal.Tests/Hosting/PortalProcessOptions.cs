namespace Portal.Tests.Hosting;

/// <summary>How a test starts the real portal process.</summary>
public sealed record PortalProcessOptions
{
    /// <summary>Train and promote the demo model on first start (the E2E tests' newcomer experience).</summary>
    public bool Demo { get; init; } = true;

    /// <summary>ASPNETCORE_ENVIRONMENT of the process: Production, as users run it.</summary>
    public string Environment { get; init; } = "Production";

    /// <summary>Run the published app (artifacts/publish, as deployed); false runs the build output (bin/Release).</summary>
    public bool Published { get; init; } = true;

    /// <summary>A data folder to reuse (a restart on the same data); by default a new temporary one, deleted at the end.</summary>
    public string? Root { get; init; }

    /// <summary>Extra configuration, as keys with ':' (passed as environment variables with '__').</summary>
    public Dictionary<string, string> Settings { get; init; } = new();
}
