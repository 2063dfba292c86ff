namespace Portal.Core.Validation;

/// <summary>One line of a validation report: the check, its outcome, how long it took and what it found.</summary>
public sealed record ValidationCheck(string Name, string Outcome, long DurationMs, string Detail);
