namespace Portal.Core.Validation;

/// <summary>What one check of a validation run came to; the run's verdict is "fail" when any check failed.</summary>
public static class CheckOutcomes
{
    public const string Pass = "pass";
    public const string Fail = "fail";

    /// <summary>Nothing to check (no champion, no traffic): not a failure, and the detail says why.</summary>
    public const string Skip = "skip";
}
