using System.Globalization;
using Portal.Core.Gates;
using Portal.Core.Statistics;

namespace Portal.Core.Rollouts;

/// <summary>
/// Turns a rollout's evidence into what happens next: pure (the caller passes the clock), so every rule is tested on
/// hand-made evidence. The rules run in a fixed order and the first that applies decides; safety comes first (errors, a
/// broken split, latency, breached gates, a losing test roll back) and only then progress (promote, step up), then the
/// time limit. Each verdict's reason names its numbers: it is shown to admins and stored with the decision.
/// </summary>
public static class RolloutJudge
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static RolloutVerdict Judge(Rollout rollout, RolloutEvidence evidence, ModelGates gates, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(gates);
        if (rollout.State != RolloutState.Running)
            return RolloutVerdict.Hold($"The rollout is {RolloutNames.Of(rollout.State).Replace('_', ' ')}: only a running rollout is judged.");

        var plan = rollout.Plan;
        var policy = plan.RollbackOn ?? RollbackPolicy.Default;
        var minSamples = plan.MinSamplesPerStep ?? RolloutDefaults.MinSamplesPerStep;
        var floor = RolloutDefaults.LabelledFloor(plan);
        var champion = evidence.Champion;
        var candidate = evidence.Candidate;
        var shadow = rollout.Kind == RolloutKind.Shadow;
        var who = shadow ? "shadow" : "candidate";

        // Errors before the split: a request the candidate fails is answered, and logged, by the champion, so a failing
        // candidate also skews the logged split; the errors are the cause, and the reason names them.
        return Errors(evidence.Live, shadow, policy)
            ?? SampleRatio(evidence)
            ?? Latency(champion, candidate, who, policy)
            ?? (policy.Gates ? GatesBreached(gates, champion, candidate, floor) : null)
            ?? (shadow ? Shadow(evidence, gates, minSamples, floor) : Sequential(evidence))
            ?? (rollout.Kind == RolloutKind.Canary ? Canary(rollout, evidence, gates, minSamples, floor) : null)
            ?? Expired(rollout, evidence, now)
            ?? Hold(rollout, evidence, gates, minSamples, floor);
    }

    /// <summary>Sample ratio mismatch (A/B, canary): judged once the step has enough requests for the chi-square test.</summary>
    private static RolloutVerdict? SampleRatio(RolloutEvidence evidence)
    {
        if (evidence.SampleRatio is not { Mismatch: true } srm || srm.Observed.Count != 2) return null;
        var total = srm.Observed[0] + srm.Observed[1];
        if (total < RolloutDefaults.MinSampleRatioRequests) return null;
        if (srm.WeightPercents.Any(w => total * w / 100 < RolloutDefaults.MinSampleRatioExpected)) return null;
        var observed = string.Join("/", srm.Observed.Select(o => Percent(100.0 * o / total)));
        var configured = string.Join("/", srm.WeightPercents.Select(Percent));
        return new RolloutVerdict(RolloutAction.RolledBack,
            $"The observed split {observed} ({Count(srm.Observed[0])} champion and {Count(srm.Observed[1])} candidate requests since the step began) " +
            $"is off the configured {configured} (chi2 {srm.Statistic.ToString("0.0#", Inv)}, {SampleRatioResult.FormatP(srm.PValue)}): traffic is not being split as planned.");
    }

    /// <summary>
    /// The candidate's (or shadow's) error rate from the live counters, attempts = served + failed. A champion failure fails
    /// the request and is not counted as an arm's, so the champion's rate is taken as 0: the candidate may fail at most the margin.
    /// </summary>
    private static RolloutVerdict? Errors(RolloutLiveCounts? live, bool shadow, RollbackPolicy policy)
    {
        if (live is null) return null;
        var (errors, attempts) = shadow ? (live.ShadowErrors, live.ShadowScored + live.ShadowErrors) : (live.CandidateErrors, live.CandidateServed + live.CandidateErrors);
        if (attempts < RolloutDefaults.MinErrorAttempts) return null;
        var rate = (double)errors / attempts;
        if (!(rate > policy.ErrorRateMargin)) return null;
        var who = shadow ? "shadow" : "candidate";
        return new RolloutVerdict(RolloutAction.RolledBack,
            $"The {who} failed {Count(errors)} of {Count(attempts)} attempts ({Percent(rate * 100)}%), more than the champion's 0% " +
            $"by over the {Percent(policy.ErrorRateMargin * 100)}-point margin.");
    }

    private static RolloutVerdict? Latency(ArmEvidence champion, ArmEvidence candidate, string who, RollbackPolicy policy)
    {
        if (champion.Predictions < RolloutDefaults.MinLatencyRows || candidate.Predictions < RolloutDefaults.MinLatencyRows) return null;
        if (champion.LatencyP95Ms is not { } championMs || candidate.LatencyP95Ms is not { } candidateMs) return null;
        var excess = candidateMs - championMs;
        if (!(excess > policy.P95LatencyMarginMs)) return null;
        return new RolloutVerdict(RolloutAction.RolledBack,
            $"The {who}'s p95 latency {Ms(candidateMs)} ms exceeds the champion's {Ms(championMs)} ms by {Ms(excess)} ms, " +
            $"more than the {Ms(policy.P95LatencyMarginMs)} ms margin ({Count(candidate.Predictions)} and {Count(champion.Predictions)} predictions).");
    }

    private static RolloutVerdict? GatesBreached(ModelGates gates, ArmEvidence champion, ArmEvidence candidate, int floor)
    {
        var realized = RealizedGates.Evaluate(gates, champion, candidate, floor);
        if (!realized.AnyBreached) return null;
        return new RolloutVerdict(RolloutAction.RolledBack,
            $"{Capital(realized.Basis)} breach the gates on {Count(candidate.MetricRows)} labelled {Arm(candidate)} and {Count(champion.MetricRows)} champion predictions: " +
            string.Join("; ", realized.Breached.Select(r => r.Message)) + ".");
    }

    /// <summary>A/B and canary: the mSPRT on labelled accuracy, once it has decided.</summary>
    private static RolloutVerdict? Sequential(RolloutEvidence evidence)
    {
        if (evidence.Sequential is not { } look || look.Decision == SequentialDecision.Undecided) return null;
        var champion = evidence.Champion;
        var candidate = evidence.Candidate;
        var numbers = $"accuracy {Rate(candidate.Accuracy)} on {Count(candidate.MetricRows)} labelled predictions against the champion's " +
                      $"{Rate(champion.Accuracy)} on {Count(champion.MetricRows)} (difference {look.Difference.ToString("+0.000;-0.000;0.000", Inv)}, " +
                      $"always-valid {SampleRatioResult.FormatP(look.PValue)}, alpha {RolloutDefaults.SequentialAlpha.ToString("0.###", Inv)})";
        return look.Decision == SequentialDecision.CandidateWorse
            ? new RolloutVerdict(RolloutAction.RolledBack, $"The sequential test says the candidate is worse: {numbers}.")
            : new RolloutVerdict(RolloutAction.Promoted, $"The sequential test says the candidate is better: {numbers}.");
    }

    /// <summary>Shadow: the paired tests roll back a significantly worse shadow; enough pairs with every gate passing promote it.</summary>
    private static RolloutVerdict? Shadow(RolloutEvidence evidence, ModelGates gates, int minSamples, int floor)
    {
        if (evidence.Shadow is not { } paired) return null;
        var alpha = RolloutDefaults.PairedAlpha.ToString("0.###", Inv);
        if (paired.LabelledPairs >= floor)
        {
            if (paired.McNemar is { } m && m.PValue < RolloutDefaults.PairedAlpha && m.CandidateOnly < m.ChampionOnly)
                return new RolloutVerdict(RolloutAction.RolledBack,
                    $"The shadow is significantly worse on the same requests: of {Count(paired.LabelledPairs)} labelled pairs only the champion got " +
                    $"{Count(m.ChampionOnly)} right and only the shadow {Count(m.CandidateOnly)} ({m.Method}, {SampleRatioResult.FormatP(m.PValue)} < {alpha}).");
            if (paired.DeLong is { } d && d.PValue < RolloutDefaults.PairedAlpha && d.Difference < 0)
                return new RolloutVerdict(RolloutAction.RolledBack,
                    $"The shadow's AUC is significantly lower on the same requests: {d.CandidateAuc.ToString("0.000", Inv)} against the champion's " +
                    $"{d.ChampionAuc.ToString("0.000", Inv)} on {Count(paired.LabelledPairs)} labelled pairs (DeLong z {d.Z.ToString("0.00", Inv)}, " +
                    $"{SampleRatioResult.FormatP(d.PValue)} < {alpha}).");
        }

        if (paired.Pairs < minSamples || paired.LabelledPairs < floor) return null;
        var realized = RealizedGates.Evaluate(gates, evidence.Champion, evidence.Candidate, floor);
        if (!realized.AllPassed) return null;
        return new RolloutVerdict(RolloutAction.Promoted,
            $"The shadow scored {Count(paired.Pairs)} requests beside the champion ({Count(paired.LabelledPairs)} labelled, " +
            $"{Percent(100 * (paired.DisagreementRate ?? 0))}% disagreeing), is not significantly worse and {GatesPassed(realized)}.");
    }

    /// <summary>Canary: enough candidate predictions at this step step it up, or at the last step promote it when every gate passes.</summary>
    private static RolloutVerdict? Canary(Rollout rollout, RolloutEvidence evidence, ModelGates gates, int minSamples, int floor)
    {
        var served = evidence.Candidate.StepPredictions;
        if (served < minSamples) return null;
        var share = StepPercent(rollout, rollout.CurrentStep);
        if (!rollout.AtLastStep)
            return new RolloutVerdict(RolloutAction.StepUp,
                $"The candidate served {Count(served)} predictions at {share}% (at least {Count(minSamples)}) with nothing against it: step up to {StepPercent(rollout, rollout.CurrentStep + 1)}%.");
        var realized = RealizedGates.Evaluate(gates, evidence.Champion, evidence.Candidate, floor);
        if (!realized.AllPassed) return null;
        return new RolloutVerdict(RolloutAction.Promoted,
            $"The candidate served {Count(served)} predictions at {share}% (at least {Count(minSamples)}) and {GatesPassed(realized)}.");
    }

    private static RolloutVerdict? Expired(Rollout rollout, RolloutEvidence evidence, DateTimeOffset now)
    {
        var max = rollout.Plan.MaxDuration ?? RolloutDefaults.MaxDuration;
        if (now - rollout.StartedAt < max) return null;
        var predictions = evidence.Champion.Predictions + evidence.Candidate.Predictions;
        var labels = evidence.Champion.Labelled + evidence.Candidate.Labelled;
        return new RolloutVerdict(RolloutAction.Inconclusive,
            $"Gathered {Count(predictions)} predictions and {Count(labels)} labels in {Duration(max)}; not enough to decide.");
    }

    /// <summary>Nothing decided: say what the rollout waits for.</summary>
    private static RolloutVerdict Hold(Rollout rollout, RolloutEvidence evidence, ModelGates gates, int minSamples, int floor)
    {
        var champion = evidence.Champion;
        var candidate = evidence.Candidate;
        var pending = RealizedGates.Evaluate(gates, champion, candidate, floor);
        var labelsWanted = $"{Count(candidate.MetricRows)} {Arm(candidate)} and {Count(champion.MetricRows)} champion predictions are labelled, " +
                           $"the realized gates need {Count(floor)} on each" +
                           (rollout.Plan.EstimatesGates ? " (an estimated AUC or F1 decides sooner, once its band clears the threshold)" : "");
        switch (rollout.Kind)
        {
            case RolloutKind.Canary:
                var share = StepPercent(rollout, rollout.CurrentStep);
                if (candidate.StepPredictions < minSamples)
                    return RolloutVerdict.Hold($"Waiting for candidate predictions: {Count(candidate.StepPredictions)} of {Count(minSamples)} at {share}%.");
                return RolloutVerdict.Hold($"At the last step ({share}%) with {Count(candidate.StepPredictions)} candidate predictions, {GatesWaiting(pending, labelsWanted)}.");
            case RolloutKind.Ab:
                if (evidence.Sequential is not { } look)
                    return RolloutVerdict.Hold($"Waiting for labelled predictions on both arms for the sequential test: {Count(candidate.MetricRows)} candidate " +
                                               $"and {Count(champion.MetricRows)} champion so far.");
                return RolloutVerdict.Hold($"The sequential test has not decided: accuracy {Rate(candidate.Accuracy)} against {Rate(champion.Accuracy)} on " +
                                           $"{Count(candidate.MetricRows)} and {Count(champion.MetricRows)} labelled predictions, always-valid " +
                                           $"{SampleRatioResult.FormatP(look.PValue)} (it decides at {RolloutDefaults.SequentialAlpha.ToString("0.###", Inv)}).");
            default:
                var pairs = evidence.Shadow?.Pairs ?? 0;
                var labelled = evidence.Shadow?.LabelledPairs ?? 0;
                if (pairs < minSamples || labelled < floor)
                    return RolloutVerdict.Hold($"Waiting for shadow evidence: {Count(pairs)} of {Count(minSamples)} scored pairs, {Count(labelled)} of {Count(floor)} labelled.");
                return RolloutVerdict.Hold($"{Count(pairs)} pairs scored, {GatesWaiting(pending, labelsWanted)}.");
        }
    }

    /// <summary>Why promotion waits on the gates: some cannot be judged yet, or (with rollback on gates off) some fail.</summary>
    private static string GatesWaiting(RealizedGates realized, string labelsWanted) =>
        realized.Pending.Count > 0
            ? $"waiting for the gates ({string.Join(", ", realized.Pending)}): {labelsWanted}"
            : $"the gates do not pass on {realized.Basis} (" + string.Join("; ", realized.Breached.Select(r => r.Message)) +
              ") and rollback on gates is off: it holds until an admin acts or its time runs out";

    private static string GatesPassed(RealizedGates realized) =>
        realized.Results.Count == 0 ? "no gate is set" : $"every gate passes on {realized.Basis}: " + string.Join("; ", realized.Results.Select(r => r.Message));

    private static string Capital(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    private static string Arm(ArmEvidence arm) => arm.Arm == RolloutArm.Shadow ? "shadow" : "candidate";

    private static int StepPercent(Rollout rollout, int step) => rollout.Plan.CandidateBasisPointsAt(step) / 100;

    private static string Count(long n) => n.ToString("N0", Inv);

    private static string Percent(double percent) => percent.ToString("0.#", Inv);

    private static string Ms(double ms) => ms.ToString("0.0", Inv);

    private static string Rate(double? rate) => rate is { } r ? r.ToString("0.000", Inv) : "n/a";

    private static string Duration(TimeSpan span) =>
        span.TotalDays >= 1 && span.Ticks % TimeSpan.TicksPerDay == 0 ? Plural((int)span.TotalDays, "day")
        : span.TotalHours >= 1 && span.Ticks % TimeSpan.TicksPerHour == 0 ? Plural((int)span.TotalHours, "hour")
        : Plural((int)Math.Round(span.TotalMinutes), "minute");

    private static string Plural(int n, string unit) => n == 1 ? $"1 {unit}" : $"{n.ToString("N0", Inv)} {unit}s";
}
