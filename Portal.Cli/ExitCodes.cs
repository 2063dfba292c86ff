namespace Portal.Cli;

/// <summary>What `portal` exits with, so a runbook's script can branch on it.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>The portal refused: a gate, a check or a validation failed.</summary>
    public const int Refused = 1;
    /// <summary>The command line itself is wrong.</summary>
    public const int Usage = 2;
    /// <summary>The portal could not be reached, or did not accept the credentials.</summary>
    public const int Unreachable = 3;
}
