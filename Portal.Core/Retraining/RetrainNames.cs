namespace Portal.Core.Retraining;

/// <summary>The wire names of retraining: triggers, pipeline statuses and outcomes, steps, data sources, training modes, actions.</summary>
public static class RetrainNames
{
    public const string Schedule = "schedule";
    public const string Drift = "drift";
    public const string Labels = "labels";
    public const string Performance = "performance";
    public const string Manual = "manual";

    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Rejected = "rejected";
    public const string Failed = "failed";

    /// <summary>Outcomes of a succeeded pipeline (the challenger outcome and action share one name).</summary>
    public const string Registered = "registered";
    public const string Challenger = "challenger";
    public const string RolloutStarted = "rollout_started";

    public const string StepTrigger = "trigger";
    public const string StepData = "data";
    public const string StepTraining = "training";
    public const string StepCandidate = "candidate";
    public const string StepGates = "gates";
    public const string StepAction = "action";

    /// <summary>Step outcomes.</summary>
    public const string Passed = "passed";
    public const string Started = "started";

    public const string FromDataset = "dataset";
    public const string FromNewest = "newest";
    public const string FromOutcomes = "outcomes";

    public const string AsChampion = "champion";
    public const string Sweep = "sweep";
    public const string AutoTrainers = "auto";

    public const string Register = "register";
    public const string Rollout = "rollout";

    public const string Warning = "warning";
    public const string Critical = "critical";
    public const string Auc = "auc";
    public const string F1 = "f1";
    public const string Realized = global::Portal.Core.Performance.PerformanceSource.Realized;
    public const string Estimated = global::Portal.Core.Performance.PerformanceSource.Estimated;

    /// <summary>The name automated pipelines act under (audit entries, alias history, runs, datasets).</summary>
    public const string SystemActor = "retraining";
}
