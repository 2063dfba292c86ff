namespace Portal.Core.Validation;

/// <summary>One named check of a validation run; <see cref="Run"/> may throw (a failure) and must honour the token (its timeout).</summary>
public sealed record ValidationStep(string Name, Func<CancellationToken, Task<CheckResult>> Run);
