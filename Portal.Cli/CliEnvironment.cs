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

    /// <summary>Where 'portal login' keeps its token (default: the user's config folder, ~/.config/portal on Linux).</summary>
    public string? ConfigDirectory { get; init; }

    /// <summary>PORTAL_PASSWORD, read by 'portal login' before it asks standard input.</summary>
    public string? Password { get; init; }

    /// <summary>Standard input ('portal login' reads the password from its first line).</summary>
    public TextReader In { get; init; } = TextReader.Null;

    /// <summary>How long a request may take before the portal counts as unreachable.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>How often 'train --wait' asks for the run's state.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The clock that decides whether a saved login token has expired.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    public static CliEnvironment FromProcess() => new()
    {
        Url = Environment.GetEnvironmentVariable("PORTAL_URL"),
        ApiKey = Environment.GetEnvironmentVariable("PORTAL_API_KEY"),
        Password = Environment.GetEnvironmentVariable("PORTAL_PASSWORD"),
        Out = Console.Out,
        Error = Console.Error,
        In = Console.In,
    };
}
