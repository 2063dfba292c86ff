namespace Portal.Core.Webhooks;

/// <summary>The events a webhook can subscribe to, as <c>area.verb</c> (the <c>type</c> field of every delivery).</summary>
public static class WebhookEventTypes
{
    public const string VersionRegistered = "version.registered";
    public const string VersionPromoted = "version.promoted";
    public const string VersionRolledBack = "version.rolled_back";
    public const string RolloutDecided = "rollout.decided";
    public const string DriftDetected = "drift.detected";
    public const string RetrainFinished = "retrain.finished";
    public const string GateBlocked = "gate.blocked";

    public static IReadOnlyList<string> All { get; } =
        [VersionRegistered, VersionPromoted, VersionRolledBack, RolloutDecided, DriftDetected, RetrainFinished, GateBlocked];
}
