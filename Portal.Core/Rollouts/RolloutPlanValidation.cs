using Portal.Core.Registry;

namespace Portal.Core.Rollouts;

/// <summary>
/// Checks a rollout plan before anything is created. Errors are keyed by the API's JSON field names
/// (<c>steps</c>, <c>weights</c>, <c>rollbackOn.errorRateMargin</c>, ...), as <see cref="Gates.GateValidation"/> keys
/// gates, so the API turns them into a ProblemDetails <c>errors</c> map; a second active rollout is a conflict (409), not
/// a field error.
/// </summary>
public static class RolloutPlanValidation
{
    /// <summary>The plan's own fields: presence by kind, steps, weights, bounds.</summary>
    public static IReadOnlyDictionary<string, string[]> Validate(RolloutPlan plan)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
            list.Add(message);
        }

        if (!Enum.IsDefined(plan.Kind)) Add("kind", "must be one of canary, ab, shadow.");
        if (plan.CandidateVersion < 1) Add("candidateVersion", "must be a version number (1 or more).");

        if (plan.Steps is { } steps)
        {
            if (plan.Kind != RolloutKind.Canary) Add("steps", "are only for canary rollouts; leave them out.");
            else CheckSteps(steps, Add);
        }

        if (plan.Weights is { } weights)
        {
            if (plan.Kind != RolloutKind.Ab) Add("weights", "are only for ab rollouts; leave them out.");
            else CheckWeights(weights, Add);
        }

        if (plan.StickyKey is { } key)
        {
            if (plan.Kind == RolloutKind.Shadow) Add("stickyKey", "is not used by shadow rollouts (the champion answers every request); leave it out.");
            else if (key.Source == StickyKeySource.Feature && string.IsNullOrWhiteSpace(key.Feature)) Add("stickyKey", "must name a feature: feature:NAME.");
            else if (key.Feature is { Length: > 200 }) Add("stickyKey", "names a feature longer than 200 characters.");
        }

        if (plan.MinSamplesPerStep is { } min && (min < RolloutDefaults.MinSamplesPerStepFloor || min > RolloutDefaults.MinSamplesPerStepCeiling))
            Add("minSamplesPerStep", $"must be between {RolloutDefaults.MinSamplesPerStepFloor} and {RolloutDefaults.MinSamplesPerStepCeiling}.");

        if (plan.MaxDuration is { } max && (max < RolloutDefaults.MaxDurationFloor || max > RolloutDefaults.MaxDurationCeiling))
            Add("maxDuration", $"must be between {RolloutDefaults.MaxDurationFloor.TotalMinutes:0} minute and {RolloutDefaults.MaxDurationCeiling.TotalDays:0} days.");

        if (plan.RollbackOn is { } rollback)
        {
            if (!(rollback.ErrorRateMargin >= 0 && rollback.ErrorRateMargin <= 1))
                Add("rollbackOn.errorRateMargin", "must be a fraction between 0 and 1 (0.01 is one percentage point).");
            if (!(rollback.P95LatencyMarginMs >= 0 && rollback.P95LatencyMarginMs <= RolloutDefaults.P95LatencyMarginCeilingMs))
                Add("rollbackOn.p95LatencyMarginMs", $"must be between 0 and {RolloutDefaults.P95LatencyMarginCeilingMs} milliseconds.");
        }

        if (plan.GateSource is { } source && !Performance.PerformanceSource.IsKnown(source))
            Add("gateSource", $"must be 'realized' or 'estimated'; got '{source}'.");

        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
    }

    /// <summary>
    /// The plan against the registry: the model has a champion, the candidate exists, is not the champion and is not
    /// archived (a version retired from serving comes back through a promotion, not an experiment).
    /// </summary>
    public static IReadOnlyDictionary<string, string[]> Validate(RolloutPlan plan, int? championVersion, ModelVersionInfo? candidate)
    {
        var errors = Validate(plan).ToDictionary(e => e.Key, e => e.Value);
        if (plan.CandidateVersion < 1) return errors;
        var problem =
            championVersion is null ? ("model", "has no champion to compare with; promote a version first.")
            : plan.CandidateVersion == championVersion ? ("candidateVersion", $"is the champion (v{championVersion}); choose another version.")
            : candidate is null || candidate.Version != plan.CandidateVersion ? ("candidateVersion", $"v{plan.CandidateVersion} does not exist.")
            : candidate.Stage == ModelStage.Archived ? ("candidateVersion", $"v{plan.CandidateVersion} is archived; promote or restore it instead.")
            : default((string, string)?);
        if (problem is var (field, message)) errors[field] = [.. errors.GetValueOrDefault(field) ?? [], message];
        return errors;
    }

    /// <summary>
    /// Throws <see cref="RolloutConflictException"/> when <paramref name="active"/> holds the model (409), else
    /// <see cref="RolloutValidationException"/> naming every bad field (400). The store enforces the one-active rule
    /// again, atomically, when it creates the rollout.
    /// </summary>
    public static void EnsureValid(string model, RolloutPlan plan, int? championVersion, ModelVersionInfo? candidate, Rollout? active)
    {
        if (active is { } a && a.State.IsActive()) throw new RolloutConflictException(model, a.Id);
        var errors = Validate(plan, championVersion, candidate);
        if (errors.Count > 0) throw new RolloutValidationException("The rollout plan is not valid.", errors);
    }

    private static void CheckSteps(IReadOnlyList<int> steps, Action<string, string> add)
    {
        if (steps.Count == 0) add("steps", "must hold at least one step (percent of traffic), ending at 100.");
        else if (steps.Count > RolloutDefaults.MaxSteps) add("steps", $"must hold at most {RolloutDefaults.MaxSteps} steps.");
        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i] is <= 0 or > 100)
            {
                add("steps", $"step {i + 1} ({steps[i]}) must be a percent above 0 and at most 100.");
                return;
            }

            if (i > 0 && steps[i] <= steps[i - 1])
            {
                add("steps", $"must increase: step {i + 1} ({steps[i]}) is not above step {i} ({steps[i - 1]}).");
                return;
            }
        }

        if (steps.Count > 0 && steps[^1] != 100) add("steps", $"must end at 100 (the last is {steps[^1]}).");
    }

    private static void CheckWeights(RolloutWeights weights, Action<string, string> add)
    {
        if (weights.Champion is < 1 or > 99) add("weights.champion", "must be a percent between 1 and 99.");
        if (weights.Candidate is < 1 or > 99) add("weights.candidate", "must be a percent between 1 and 99.");
        if (weights.Champion + weights.Candidate != 100) add("weights", $"must sum to 100 (they sum to {weights.Champion + weights.Candidate}).");
    }
}
