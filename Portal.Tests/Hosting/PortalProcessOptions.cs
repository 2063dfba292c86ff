namespace Portal.Tests.Hosting;

/// <summary>How a test starts the real portal process.</summary>
public sealed record PortalProcessOptions
{
    /// <summary>Train and promote the demo model on first start (the E2E tests' newcomer experience).</summary>
    public bool Demo { get; init; } = true;

    /// <summary>ASPNETCORE_ENVIRONMENT of the process.</summary>
    public string Environment { get; init; } = "Development";

    /// <summary>A data folder to reuse (a restart on the same data); by default a new temporary one, deleted at the end.</summary>
    public string? Root { get; init; }

    /// <summary>Extra configuration, as keys with ':' (passed as environment variables with '__').</summary>
    public Dictionary<string, string> Settings { get; init; } = new();
}
