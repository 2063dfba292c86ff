namespace Portal.Cli.Http;

/// <summary>A call that did not succeed, with the one line to print and the exit code that says why.</summary>
internal sealed class PortalCallException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
