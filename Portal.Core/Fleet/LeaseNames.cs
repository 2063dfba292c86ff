namespace Portal.Core.Fleet;

/// <summary>The background work that runs on one replica of a fleet at a time, one lease each.</summary>
public static class LeaseNames
{
    public const string Drift = "drift-schedule";
    public const string Retention = "prediction-retention";
    public const string Retraining = "retraining";
    public const string Rollouts = "rollout-decisions";
    public const string Webhooks = "webhook-delivery";
    public const string PiiScrub = "pii-scrub";

    public static readonly IReadOnlyList<string> All = [Drift, Retention, Retraining, Rollouts, Webhooks, PiiScrub];
}
