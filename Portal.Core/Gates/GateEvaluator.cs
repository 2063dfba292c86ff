using System.Globalization;
using Portal.Core.Training;

namespace Portal.Core.Gates;

/// <summary>
/// Decides whether a version may become champion: one result per gate that is on, each with its evidence.
/// Comparisons with the champion pass when there is no champion yet (nothing to regress from).
/// </summary>
public static class GateEvaluator
{
    public static IReadOnlyList<GateResult> Evaluate(ModelGates gates, ModelMetrics candidate, ModelMetrics? champion, IReadOnlyList<VersionApproval> approvals, string promoter)
    {
        var results = new List<GateResult>();
        if (gates.MinAuc is { } minAuc)
        {
            var passed = candidate.Auc >= minAuc;
            var (auc, min) = GateNumbers.Pair(candidate.Auc, minAuc);
            results.Add(new GateResult(GateNames.MinAuc, passed, candidate.Auc, minAuc, champion?.Auc,
                passed ? $"Test AUC {auc} meets the minimum {min}." : $"Test AUC {auc} is below the minimum {min}."));
        }

        if (gates.MinF1ImprovementPct is { } minImprovement)
        {
            if (champion is null)
            {
                results.Add(new GateResult(GateNames.MinF1ImprovementPct, true, null, minImprovement, null, "No champion to compare with: the F1 gate passes."));
            }
            else
            {
                // Relative improvement in percent; from an F1 of 0 any gain is unbounded, and no gain is none.
                var improvement = champion.F1 > 0 ? (candidate.F1 - champion.F1) / champion.F1 * 100
                    : candidate.F1 > 0 ? double.PositiveInfinity : 0;
                var passed = improvement >= minImprovement;
                var (f1, championF1) = GateNumbers.Pair(candidate.F1, champion.F1);
                results.Add(new GateResult(GateNames.MinF1ImprovementPct, passed, double.IsFinite(improvement) ? improvement : null, minImprovement, champion.F1,
                    $"F1 {f1} against the champion's {championF1}: {(double.IsFinite(improvement) ? $"{improvement:+0.00;-0.00}%" : "an unbounded gain")}, " +
                    (passed ? $"at least the required {minImprovement:0.##}%." : $"short of the required {minImprovement:0.##}%.")));
            }
        }

        if (gates.MaxBrierDegradation is { } maxDegradation)
        {
            if (champion is null)
            {
                results.Add(new GateResult(GateNames.MaxBrierDegradation, true, null, maxDegradation, null, "No champion to compare with: the Brier gate passes."));
            }
            else
            {
                var degradation = candidate.Brier - champion.Brier;
                var passed = degradation <= maxDegradation + 1e-12;
                var (brier, championBrier) = GateNumbers.Pair(candidate.Brier, champion.Brier);
                var (change, allowed) = GateNumbers.Pair(degradation, maxDegradation, withSign: true);
                results.Add(new GateResult(GateNames.MaxBrierDegradation, passed, degradation, maxDegradation, champion.Brier,
                    $"Brier {brier} against the champion's {championBrier} ({change}): " +
                    (passed ? $"within the allowed degradation of {allowed.TrimStart('+')}." : $"worse than the allowed degradation of {allowed.TrimStart('+')}.")));
            }
        }

        if (gates.MinTestRows is { } minRows)
        {
            var passed = candidate.TestRows >= minRows;
            results.Add(new GateResult(GateNames.MinTestRows, passed, candidate.TestRows, minRows, champion?.TestRows,
                passed ? $"{candidate.TestRows} test rows meet the minimum {minRows}." : $"Only {candidate.TestRows} test rows; at least {minRows} are required."));
        }

        if (gates.RequireApproval)
        {
            // Four eyes: an approval counts only when it comes from a person other than the one promoting; an
            // approval given with an API key is its owner's, so approving with one's own key does not count.
            var others = approvals.Where(a => a.Person.Length > 0 && !string.Equals(a.Person, promoter, StringComparison.OrdinalIgnoreCase)).ToList();
            var own = approvals.Count(a => string.Equals(a.Person, promoter, StringComparison.OrdinalIgnoreCase));
            var passed = others.Count > 0;
            var persons = others.Select(a => a.Person).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            results.Add(new GateResult(GateNames.RequireApproval, passed, persons.Count, 1, null,
                passed ? $"Approved by {string.Join(", ", persons)}."
                    : own > 0 ? $"Only {promoter}'s own approval ({own}, by token or by their own API key): a second admin must approve this version."
                    : $"Needs the approval of an admin other than {promoter}."));
        }

        return results;
    }
}
