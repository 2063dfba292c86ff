namespace Portal.Core.Privacy;

/// <summary>One logged prediction's inputs JSON and its key in the log (time-ordered).</summary>
public readonly record struct LoggedInputs(long Key, string InputsJson);
