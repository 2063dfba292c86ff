using Portal.Core.Retraining;

namespace Portal.Web.Api.Contracts;

/// <summary>
/// A model's retrain policy (the defaults when none was set: off, manual only), who set it when, the next schedule
/// occurrence, and whether the global switch lets automatic retrains run at all.
/// </summary>
public sealed record RetrainPolicyResponse(
    string Model,
    bool Enabled,
    RetrainTriggers Triggers,
    int MinIntervalMinutes,
    RetrainTraining Training,
    RetrainData Data,
    RetrainAction Action,
    DateTimeOffset? UpdatedAt,
    string? UpdatedBy,
    DateTimeOffset? NextScheduledAt,
    bool RetrainingEnabled);
