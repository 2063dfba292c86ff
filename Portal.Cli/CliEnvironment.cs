namespace Portal.Cli;

/// <summary>
/// What a run of `portal` reads from outside the command line: where the portal is, the key, and where to write.
/// Tests pass their own writers and an HTTP handler that reaches an in-process portal.
/// </summary>
public sealed class CliEnvironment
{
    public string? Url { get; init; }
    public string? ApiKey { get; init; }
    public required TextWriter Out { get; init; }
    public required TextWriter Error { get; init; }
    public HttpMessageHandler? Handler { get; init; }

    public static CliEnvironment FromProcess() => new()
    {
        Url = Environment.GetEnvironmentVariable("PORTAL_URL"),
        ApiKey = Environment.GetEnvironmentVariable("PORTAL_API_KEY"),
        Out = Console.Out,
        Error = Console.Error,
    };
}
