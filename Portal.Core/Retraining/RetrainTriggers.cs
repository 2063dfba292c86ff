namespace Portal.Core.Retraining;

/// <summary>The automatic triggers of a policy: any subset (null = off). Manual retrains need none.</summary>
public sealed record RetrainTriggers(
    ScheduleTrigger? Schedule = null,
    DriftTrigger? Drift = null,
    LabelsTrigger? Labels = null,
    PerformanceTrigger? Performance = null);
