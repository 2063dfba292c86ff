namespace Portal.Cli.Validation;

/// <summary>One check as `portal validate` prints it: the server's lines and the client's own, in one shape.</summary>
internal sealed record ValidationLine(string Name, string Outcome, long DurationMs, string Detail)
{
    public const string Pass = "pass";
    public const string Fail = "fail";
    public const string Skip = "skip";
}
