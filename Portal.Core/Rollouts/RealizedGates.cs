using System.Globalization;
using Portal.Core.Gates;
using Portal.Core.Performance;

namespace Portal.Core.Rollouts;

/// <summary>
/// A model's evaluation gates on a rollout's realized metrics (the same window for both arms): the candidate's realized
/// AUC against <see cref="ModelGates.MinAuc"/>, its F1 and Brier against the champion's (<see cref="ModelGates.MinF1ImprovementPct"/>,
/// <see cref="ModelGates.MaxBrierDegradation"/>), as <see cref="GateEvaluator"/> compares test metrics. A gate whose
/// numbers are not there yet (fewer labelled rows than the floor on an arm it needs, an AUC of one class) is
/// <see cref="Pending"/>, neither passed nor breached. Test rows and approval are not realized metrics: left to the promotion.
/// When the plan judges gates on estimates (<see cref="RolloutPlan.GateSource"/>), the arms carry their CBPE estimates and a
/// gate short of labels is judged on them instead, but only once the estimate's band clears the threshold: its lower end
/// at or above it passes, its upper end below it breaches, a band across it stays pending. Realized numbers win as soon as
/// there are enough labels. The Brier gate has no estimate and waits for labels.
/// </summary>
public sealed record RealizedGates(IReadOnlyList<GateResult> Results, IReadOnlyList<string> Pending, IReadOnlyList<string> Estimated)
{
    /// <summary>What the results were judged on, for a verdict's reason: "realized metrics" or "realized and estimated metrics".</summary>
    public string Basis => Estimated.Count == 0 ? "realized metrics" : Estimated.Count == Results.Count ? "estimated metrics" : "realized and estimated metrics";

    /// <summary>Whether a gate that could be judged failed.</summary>
    public bool AnyBreached => Results.Any(r => !r.Passed);

    /// <summary>Whether every gate that is on was judged and passed (true when none is on).</summary>
    public bool AllPassed => Pending.Count == 0 && Results.All(r => r.Passed);

    public IEnumerable<GateResult> Breached => Results.Where(r => !r.Passed);

    public static RealizedGates Evaluate(ModelGates gates, ArmEvidence champion, ArmEvidence candidate, int labelledFloor)
    {
        ArgumentNullException.ThrowIfNull(gates);
        var results = new List<GateResult>();
        var pending = new List<string>();
        var estimatedGates = new List<string>();
        var candidateReady = candidate.MetricRows >= labelledFloor;
        var bothReady = candidateReady && champion.MetricRows >= labelledFloor;

        if (gates.MinAuc is { } minAuc)
        {
            if (candidateReady && candidate.Auc is { } auc)
            {
                var passed = auc >= minAuc;
                var (a, m) = GateNumbers.Pair(auc, minAuc);
                results.Add(new GateResult(GateNames.MinAuc, passed, auc, minAuc, champion.Auc,
                    passed ? $"realized AUC {a} meets the minimum {m}" : $"realized AUC {a} is below the minimum {m}"));
            }
            else if (Estimate(candidate, labelledFloor)?.Auc is { } estimated && Clears(estimated, minAuc) is { } passed)
            {
                var (a, m) = GateNumbers.Pair(estimated.Value, minAuc);
                estimatedGates.Add(GateNames.MinAuc);
                results.Add(new GateResult(GateNames.MinAuc, passed, estimated.Value, minAuc, Estimate(champion, labelledFloor)?.Auc?.Value,
                    $"estimated AUC {a} (band {Band(estimated)}, without labels) " + (passed ? $"meets the minimum {m}" : $"is below the minimum {m}")));
            }
            else pending.Add(GateNames.MinAuc);
        }

        if (gates.MinF1ImprovementPct is { } minImprovement)
        {
            var required = minImprovement.ToString("0.##", CultureInfo.InvariantCulture);
            if (bothReady && candidate.F1 is { } f1 && champion.F1 is { } championF1)
            {
                var improvement = Improvement(f1, championF1);
                var passed = improvement >= minImprovement;
                var (c, ch) = GateNumbers.Pair(f1, championF1);
                results.Add(new GateResult(GateNames.MinF1ImprovementPct, passed, double.IsFinite(improvement) ? improvement : null, minImprovement, championF1,
                    $"realized F1 {c} against the champion's {ch}: {Change(improvement)}, " + (passed ? $"at least the required {required}%" : $"short of the required {required}%")));
            }
            else if (EstimatedF1(champion, candidate, labelledFloor, minImprovement) is var (passed, estimated, championEstimate))
            {
                var improvement = Improvement(estimated.Value, championEstimate);
                var (c, ch) = GateNumbers.Pair(estimated.Value, championEstimate);
                estimatedGates.Add(GateNames.MinF1ImprovementPct);
                results.Add(new GateResult(GateNames.MinF1ImprovementPct, passed, double.IsFinite(improvement) ? improvement : null, minImprovement, championEstimate,
                    $"estimated F1 {c} (band {Band(estimated)}, without labels) against the champion's estimated {ch}: {Change(improvement)}, " +
                    (passed ? $"at least the required {required}% across the band" : $"short of the required {required}% across the band")));
            }
            else pending.Add(GateNames.MinF1ImprovementPct);
        }

        if (gates.MaxBrierDegradation is { } maxDegradation)
        {
            if (bothReady && candidate.Brier is { } brier && champion.Brier is { } championBrier)
            {
                var degradation = brier - championBrier;
                var passed = degradation <= maxDegradation + 1e-12;
                var (b, ch) = GateNumbers.Pair(brier, championBrier);
                var (change, allowed) = GateNumbers.Pair(degradation, maxDegradation, withSign: true);
                results.Add(new GateResult(GateNames.MaxBrierDegradation, passed, degradation, maxDegradation, championBrier,
                    $"realized Brier {b} against the champion's {ch} ({change}): " +
                    (passed ? $"within the allowed degradation of {allowed.TrimStart('+')}" : $"worse than the allowed degradation of {allowed.TrimStart('+')}")));
            }
            else pending.Add(GateNames.MaxBrierDegradation);
        }

        return new RealizedGates(results, pending, estimatedGates);
    }

    /// <summary>
    /// As <see cref="GateEvaluator"/>: relative F1 improvement in percent; from an F1 of 0 any gain is unbounded, and no gain is none.
    /// </summary>
    private static double Improvement(double f1, double championF1) =>
        championF1 > 0 ? (f1 - championF1) / championF1 * 100 : f1 > 0 ? double.PositiveInfinity : 0;

    private static string Change(double improvement) =>
        double.IsFinite(improvement) ? improvement.ToString("+0.00;-0.00", CultureInfo.InvariantCulture) + "%" : "an unbounded gain";

    /// <summary>The arm's estimate when it has one over at least the floor of predictions (the labelled floor, applied to rows).</summary>
    private static EstimatedMetrics? Estimate(ArmEvidence arm, int floor) => arm.Estimated is { } e && e.Predictions >= floor ? e : null;

    /// <summary>
    /// The F1 gate on estimates: the candidate's band against the champion's estimate, decided only when the whole band is
    /// on one side of the required improvement; null when either arm has no estimate yet or the band straddles it.
    /// </summary>
    private static (bool Passed, EstimatedMetric Candidate, double Champion)? EstimatedF1(ArmEvidence champion, ArmEvidence candidate, int floor, double minImprovement)
    {
        if (Estimate(candidate, floor) is not { } estimated || Estimate(champion, floor) is not { } championEstimated) return null;
        var championF1 = championEstimated.F1.Value;
        if (Improvement(estimated.F1.Lower, championF1) >= minImprovement) return (true, estimated.F1, championF1);
        if (Improvement(estimated.F1.Upper, championF1) < minImprovement) return (false, estimated.F1, championF1);
        return null;
    }

    /// <summary>True when the band's lower end reaches the minimum, false when its upper end falls short, null across it.</summary>
    private static bool? Clears(EstimatedMetric estimate, double minimum) =>
        estimate.Lower >= minimum ? true : estimate.Upper < minimum ? false : null;

    private static string Band(EstimatedMetric estimate) => $"{GateNumbers.Write(estimate.Lower)} to {GateNumbers.Write(estimate.Upper)}";
}
