using System.Text.Json.Serialization;

namespace Portal.Core.Validation;

/// <summary>A whole validation run: "pass" when no check failed (skipped ones do not count), every check's line in order.</summary>
public sealed record ValidationReport(string Verdict, DateTimeOffset StartedAt, long DurationMs, IReadOnlyList<ValidationCheck> Checks)
{
    public const string Passed = "pass";
    public const string Failed = "fail";

    [JsonIgnore]
    public bool Ok => Verdict == Passed;
}
