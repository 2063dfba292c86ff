namespace Portal.Core.Retraining;

/// <summary>A cron schedule: five fields, in UTC (e.g. "0 3 * * *" nightly at 03:00).</summary>
public sealed record ScheduleTrigger(string Cron);
