using Portal.Core.Retraining;

namespace Portal.Web.Components.Pages.Models;

/// <summary>The Retraining tab's editable copy of a policy: every trigger has an on/off box, so a value typed and switched off is kept.</summary>
public sealed class RetrainPolicyForm
{
    public bool Enabled { get; set; }
    public bool Schedule { get; set; }
    public string Cron { get; set; } = "0 3 * * *";
    public bool Drift { get; set; }
    public string DriftLevel { get; set; } = RetrainNames.Critical;
    public bool Labels { get; set; }
    public int LabelCount { get; set; } = 500;
    public bool Performance { get; set; }
    public string Metric { get; set; } = RetrainNames.Auc;
    public double Threshold { get; set; } = 0.7;
    public double PerformanceWindowHours { get; set; } = 24;

    /// <summary>realized or estimated (CBPE); kept as the policy has it, the form has no field for it yet.</summary>
    public string? PerformanceSource { get; set; }
    public int MinIntervalMinutes { get; set; } = RetrainPolicy.DefaultMinIntervalMinutes;
    public string TrainingMode { get; set; } = RetrainNames.AsChampion;
    public string Trainers { get; set; } = RetrainNames.AutoTrainers;
    public int Folds { get; set; } = 5;
    public string Source { get; set; } = RetrainNames.FromDataset;
    public double DataWindowHours { get; set; } = RetrainData.DefaultWindowHours;
    public bool Append { get; set; }
    public int MinLabelledRows { get; set; } = RetrainData.DefaultMinLabelledRows;
    public string Action { get; set; } = RetrainNames.Register;
    public string RolloutKind { get; set; } = "shadow";

    public static RetrainPolicyForm From(RetrainPolicy policy)
    {
        policy = policy.Normalized();
        var t = policy.Triggers!;
        var form = new RetrainPolicyForm
        {
            Enabled = policy.Enabled,
            MinIntervalMinutes = policy.MinIntervalMinutes,
            TrainingMode = policy.Training!.Mode,
            Source = policy.Data!.Source,
            DataWindowHours = policy.Data.WindowHours,
            Append = policy.Data.Append,
            MinLabelledRows = policy.Data.MinLabelledRows,
            Action = policy.Action!.Type,
        };
        if (t.Schedule is { } s) (form.Schedule, form.Cron) = (true, s.Cron);
        if (t.Drift is { } d) (form.Drift, form.DriftLevel) = (true, d.Level);
        if (t.Labels is { } l) (form.Labels, form.LabelCount) = (true, l.Count);
        if (t.Performance is { } p) (form.Performance, form.Metric, form.Threshold, form.PerformanceWindowHours, form.PerformanceSource) = (true, p.Metric, p.Threshold, p.WindowHours, p.Source);
        if (policy.Training.Trainers is { Count: > 0 } trainers) form.Trainers = string.Join(", ", trainers);
        if (policy.Training.Folds is { } folds) form.Folds = folds;
        if (policy.Action.Kind is { } kind) form.RolloutKind = kind;
        return form;
    }

    public RetrainPolicy ToPolicy() => new(
        Enabled,
        new RetrainTriggers(
            Schedule ? new ScheduleTrigger(Cron) : null,
            Drift ? new DriftTrigger(DriftLevel) : null,
            Labels ? new LabelsTrigger(LabelCount) : null,
            Performance ? new PerformanceTrigger(Metric, Threshold, PerformanceWindowHours, PerformanceSource) : null),
        MinIntervalMinutes,
        TrainingMode == RetrainNames.Sweep
            ? new RetrainTraining(RetrainNames.Sweep, Trainers.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), null, Folds)
            : new RetrainTraining(),
        new RetrainData(Source, DataWindowHours, Append, MinLabelledRows),
        new RetrainAction(Action, Action == RetrainNames.Rollout ? RolloutKind : null));
}
