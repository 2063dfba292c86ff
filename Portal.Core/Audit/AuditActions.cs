namespace Portal.Core.Audit;

/// <summary>The actions the audit log records, as <c>area.verb</c>.</summary>
public static class AuditActions
{
    public const string GatesUpdated = "gates.updated";
    public const string VersionPromoted = "version.promoted";
    public const string PromotionBlocked = "version.promotion_blocked";
    public const string VersionApproved = "version.approved";
    public const string VersionImported = "version.imported";
    public const string EnsembleCreated = "version.ensemble_created";
    public const string CardUpdated = "card.updated";
    public const string ModelRolledBack = "model.rolled_back";
    public const string ModelReloaded = "model.reloaded";
    public const string ReloadRejected = "model.reload_rejected";
    public const string BackupTaken = "backup.taken";
    public const string PlatformValidated = "platform.validated";
    public const string KeyCreated = "key.created";
    public const string KeyRevoked = "key.revoked";
    public const string UserCreated = "user.created";
    public const string UserRoleChanged = "user.role_changed";
    public const string UserDisabled = "user.disabled";
    public const string UserEnabled = "user.enabled";
    public const string UserPasswordReset = "user.password_reset";
    public const string TrainingStarted = "training.started";
    public const string TrainingSucceeded = "training.succeeded";
    public const string TrainingFailed = "training.failed";
    public const string TrainingCancelled = "training.cancelled";
    public const string DatasetUploaded = "dataset.uploaded";
    public const string DatasetRenamed = "dataset.renamed";
    public const string DatasetDeleted = "dataset.deleted";
    public const string RetrainPolicyUpdated = "retraining.policy_updated";
    public const string RetrainRequested = "retraining.requested";
    public const string RetrainFinished = "retraining.finished";
    public const string WebhookCreated = "webhook.created";
    public const string WebhookUpdated = "webhook.updated";
    public const string WebhookDeleted = "webhook.deleted";
    public const string PiiScrubStarted = "pii.scrub_started";
    public const string PiiScrubFinished = "pii.scrub_finished";

    public static IReadOnlyList<string> All { get; } =
    [
        GatesUpdated, VersionPromoted, PromotionBlocked, VersionApproved, VersionImported, EnsembleCreated, CardUpdated, ModelRolledBack, ModelReloaded,
        ReloadRejected, KeyCreated, KeyRevoked, UserCreated, UserRoleChanged, UserDisabled, UserEnabled, UserPasswordReset,
        TrainingStarted, TrainingSucceeded, TrainingFailed, TrainingCancelled, DatasetUploaded, DatasetRenamed, DatasetDeleted,
        RetrainPolicyUpdated, RetrainRequested, RetrainFinished, WebhookCreated, WebhookUpdated, WebhookDeleted, BackupTaken,
        PiiScrubStarted, PiiScrubFinished,
        PlatformValidated,
    ];
}
