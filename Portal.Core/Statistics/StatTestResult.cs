namespace Portal.Core.Statistics;

/// <summary>A test statistic and, for hypothesis tests, its p-value (null for distances).</summary>
public readonly record struct StatTestResult(double Statistic, double? PValue);
