using System.Globalization;
using MudBlazor;
using Portal.Core.Rollouts;
using Portal.Core.Statistics;
using Portal.Web.Components.Shared;

namespace Portal.Web.Components.Pages.Models;

/// <summary>How the Rollouts tab writes a rollout's states, actions and statistics (wire names, so the page and the API agree).</summary>
public static class RolloutDisplay
{
    public static string Kind(RolloutKind kind) => kind switch
    {
        RolloutKind.Canary => "Canary",
        RolloutKind.Ab => "A/B test",
        _ => "Shadow",
    };

    /// <summary>The state as the API spells it, with spaces ("awaiting approval", "rolled back").</summary>
    public static string State(RolloutState state) => RolloutNames.Of(state).Replace('_', ' ');

    public static string Action(RolloutAction action) => RolloutNames.Of(action).Replace('_', ' ');

    public static Color StateColor(RolloutState state) => state switch
    {
        RolloutState.Running => Color.Info,
        RolloutState.Paused or RolloutState.AwaitingApproval => Color.Warning,
        RolloutState.Promoted => Color.Success,
        RolloutState.RolledBack => Color.Error,
        _ => Color.Default,
    };

    public static Color ActionColor(RolloutAction action) => action switch
    {
        RolloutAction.Promoted => Color.Success,
        RolloutAction.RolledBack => Color.Error,
        RolloutAction.StepUp or RolloutAction.Started => Color.Info,
        RolloutAction.Paused or RolloutAction.AwaitingApproval => Color.Warning,
        _ => Color.Default,
    };

    public static string Decision(SequentialDecision decision) => decision switch
    {
        SequentialDecision.CandidateBetter => "candidate better",
        SequentialDecision.CandidateWorse => "candidate worse",
        _ => "undecided",
    };

    public static string P(double p) => SampleRatioResult.FormatP(p);

    /// <summary>An interval as "[-0.031, +0.012]"; an unbounded side is "-∞" / "+∞".</summary>
    public static string Interval(ConfidenceInterval interval) => $"[{Bound(interval.Lower)}, {Bound(interval.Upper)}]";

    private static string Bound(double value) => value switch
    {
        double.NegativeInfinity => "-∞",
        double.PositiveInfinity => "+∞",
        _ => Format.Delta(value),
    };

    public static string Rate(double? fraction) =>
        fraction is { } f && double.IsFinite(f) ? (100 * f).ToString("0.#", CultureInfo.InvariantCulture) + "%" : "—";

    public static string Ms(double? ms) => ms is { } v && double.IsFinite(v) ? v.ToString("0.##", CultureInfo.InvariantCulture) + " ms" : "—";

    /// <summary>The split a rollout holds now: the champion's and the candidate's share of requests in percent.</summary>
    public static (double Champion, double Candidate) Split(Rollout rollout)
    {
        var candidate = rollout.CandidateBasisPoints / 100.0;
        return (100 - candidate, candidate);
    }

    public static string Percent(double percent) => percent.ToString("0.##", CultureInfo.InvariantCulture) + "%";
}
