using System.Globalization;
using Portal.Core.Gates;

namespace Portal.Core.Rollouts;

/// <summary>
/// A model's evaluation gates on a rollout's realized metrics (the same window for both arms): the candidate's realized
/// AUC against <see cref="ModelGates.MinAuc"/>, its F1 and Brier against the champion's (<see cref="ModelGates.MinF1ImprovementPct"/>,
/// <see cref="ModelGates.MaxBrierDegradation"/>), as <see cref="GateEvaluator"/> compares test metrics. A gate whose
/// numbers are not there yet (fewer labelled rows than the floor on an arm it needs, an AUC of one class) is
/// <see cref="Pending"/>, neither passed nor breached. Test rows and approval are not realized metrics: left to the promotion.
/// </summary>
public sealed record RealizedGates(IReadOnlyList<GateResult> Results, IReadOnlyList<string> Pending)
{
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
            else pending.Add(GateNames.MinAuc);
        }

        if (gates.MinF1ImprovementPct is { } minImprovement)
        {
            if (bothReady && candidate.F1 is { } f1 && champion.F1 is { } championF1)
            {
                // As GateEvaluator: relative improvement in percent; from an F1 of 0 any gain is unbounded, and no gain is none.
                var improvement = championF1 > 0 ? (f1 - championF1) / championF1 * 100 : f1 > 0 ? double.PositiveInfinity : 0;
                var passed = improvement >= minImprovement;
                var (c, ch) = GateNumbers.Pair(f1, championF1);
                var change = double.IsFinite(improvement) ? improvement.ToString("+0.00;-0.00", CultureInfo.InvariantCulture) + "%" : "an unbounded gain";
                var required = minImprovement.ToString("0.##", CultureInfo.InvariantCulture);
                results.Add(new GateResult(GateNames.MinF1ImprovementPct, passed, double.IsFinite(improvement) ? improvement : null, minImprovement, championF1,
                    $"realized F1 {c} against the champion's {ch}: {change}, " + (passed ? $"at least the required {required}%" : $"short of the required {required}%")));
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

        return new RealizedGates(results, pending);
    }
}
