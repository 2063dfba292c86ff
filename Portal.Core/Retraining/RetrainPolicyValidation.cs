using System.Globalization;
using Portal.Core.Training;

namespace Portal.Core.Retraining;

/// <summary>Checks a policy field by field; errors are keyed by the field's JSON path (e.g. "triggers.schedule.cron").</summary>
public static class RetrainPolicyValidation
{
    public const int MaxMinIntervalMinutes = 366 * 24 * 60;
    public const double MaxWindowHours = 366 * 24;
    public const int MaxLabelCount = 10_000_000;
    public const int MaxGridValues = 20;

    public static IReadOnlyDictionary<string, string[]> Validate(RetrainPolicy policy)
    {
        var errors = new Dictionary<string, string[]>();
        void Add(string field, string message) => errors[field] = [message];
        policy = policy.Normalized();

        if (policy.MinIntervalMinutes < 0 || policy.MinIntervalMinutes > MaxMinIntervalMinutes)
            Add("minIntervalMinutes", $"must be between 0 and {MaxMinIntervalMinutes} minutes; got {policy.MinIntervalMinutes}.");

        var t = policy.Triggers!;
        if (t.Schedule is { } schedule && RetrainSchedule.Problem(schedule.Cron) is { } cronProblem) Add("triggers.schedule.cron", cronProblem);
        if (t.Drift is { } drift && drift.Level is not (RetrainNames.Warning or RetrainNames.Critical))
            Add("triggers.drift.level", $"must be 'warning' or 'critical'; got '{drift.Level}'.");
        if (t.Labels is { } labels && (labels.Count < 1 || labels.Count > MaxLabelCount))
            Add("triggers.labels.count", $"must be between 1 and {MaxLabelCount}; got {labels.Count}.");
        if (t.Performance is { } perf)
        {
            if (perf.Metric is not (RetrainNames.Auc or RetrainNames.F1)) Add("triggers.performance.metric", $"must be 'auc' or 'f1'; got '{perf.Metric}'.");
            if (perf.Source is not (null or RetrainNames.Realized or RetrainNames.Estimated))
                Add("triggers.performance.source", $"must be 'realized' or 'estimated'; got '{perf.Source}'.");
            if (!double.IsFinite(perf.Threshold) || perf.Threshold <= 0 || perf.Threshold > 1)
                Add("triggers.performance.threshold", Invariant($"must be in (0, 1]; got {perf.Threshold}."));
            if (!double.IsFinite(perf.WindowHours) || perf.WindowHours <= 0 || perf.WindowHours > MaxWindowHours)
                Add("triggers.performance.windowHours", Invariant($"must be more than 0 and at most {MaxWindowHours} hours; got {perf.WindowHours}."));
        }

        ValidateTraining(policy.Training!, Add);

        var data = policy.Data!;
        if (data.Source is not (RetrainNames.FromDataset or RetrainNames.FromNewest or RetrainNames.FromOutcomes))
            Add("data.source", $"must be 'dataset', 'newest' or 'outcomes'; got '{data.Source}'.");
        if (!double.IsFinite(data.WindowHours) || data.WindowHours <= 0 || data.WindowHours > MaxWindowHours)
            Add("data.windowHours", Invariant($"must be more than 0 and at most {MaxWindowHours} hours; got {data.WindowHours}."));
        if (data.MinLabelledRows < 2 || data.MinLabelledRows > MaxLabelCount)
            Add("data.minLabelledRows", $"must be between 2 and {MaxLabelCount}; got {data.MinLabelledRows}.");

        var action = policy.Action!;
        if (action.Type is not (RetrainNames.Register or RetrainNames.Challenger or RetrainNames.Rollout))
            Add("action.type", $"must be 'register', 'challenger' or 'rollout'; got '{action.Type}'.");
        else if (action.Type == RetrainNames.Rollout && action.Kind is not ("shadow" or "canary"))
            Add("action.kind", $"a rollout's kind must be 'shadow' or 'canary'; got '{action.Kind}'.");
        else if (action.Type != RetrainNames.Rollout && action.Kind is not null)
            Add("action.kind", $"only a rollout has a kind; leave it out for '{action.Type}'.");
        return errors;
    }

    /// <summary>The trainers a sweep names ("auto": every trainable one); null when a name is not a trainer.</summary>
    public static IReadOnlyList<TrainerKind>? SweepTrainers(IReadOnlyList<string>? names)
    {
        if (names is null || names.Count == 0) return null;
        if (names.Count == 1 && string.Equals(names[0], RetrainNames.AutoTrainers, StringComparison.OrdinalIgnoreCase)) return TrainerCatalog.Trainable;
        var kinds = new List<TrainerKind>();
        foreach (var name in names)
        {
            if (!Enum.TryParse<TrainerKind>(name, ignoreCase: true, out var kind) || !TrainerCatalog.Trainable.Contains(kind)) return null;
            if (!kinds.Contains(kind)) kinds.Add(kind);
        }

        return kinds;
    }

    private static void ValidateTraining(RetrainTraining training, Action<string, string> add)
    {
        if (training.Mode == RetrainNames.AsChampion)
        {
            if (training.Trainers is { Count: > 0 } || training.Grid is not null || training.Folds is not null)
                add("training.mode", "'champion' trains as the champion was trained: trainers, grid and folds belong to mode 'sweep'.");
            return;
        }

        if (training.Mode != RetrainNames.Sweep)
        {
            add("training.mode", $"must be 'champion' or 'sweep'; got '{training.Mode}'.");
            return;
        }

        var trainers = SweepTrainers(training.Trainers);
        if (trainers is null)
        {
            add("training.trainers", $"must be [\"auto\"] or trainers among {string.Join(", ", TrainerCatalog.Trainable)}.");
            return;
        }

        if (training.Folds is { } folds && (folds < StratifiedFolds.MinFolds || folds > StratifiedFolds.MaxFolds))
            add("training.folds", $"must be between {StratifiedFolds.MinFolds} and {StratifiedFolds.MaxFolds}; got {folds}.");
        foreach (var (trainerName, options) in training.Grid ?? new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<double>>>())
        {
            if (!Enum.TryParse<TrainerKind>(trainerName, ignoreCase: true, out var kind) || !trainers.Contains(kind))
            {
                add($"training.grid.{trainerName}", "names no trainer of this sweep.");
                continue;
            }

            foreach (var (option, values) in options)
            {
                var field = $"training.grid.{trainerName}.{option}";
                if (values.Count == 0 || values.Count > MaxGridValues)
                    add(field, $"must list 1 to {MaxGridValues} values.");
                else if (values.Select(v => TrainerCatalog.Validate(kind, new Dictionary<string, double> { [option] = v })).FirstOrDefault(e => e.Count > 0) is { } bad)
                    add(field, bad.Values.First()[0]);
            }
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
