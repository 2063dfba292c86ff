using Portal.Core.Gates;

namespace Portal.Web.Components.Shared;

/// <summary>How gates are named and their values shown in the portal.</summary>
public static class GateLabels
{
    public static string Label(string gate) => gate switch
    {
        GateNames.MinAuc => "Min AUC",
        GateNames.MinF1ImprovementPct => "Min F1 improvement (%)",
        GateNames.MaxBrierDegradation => "Max Brier degradation",
        GateNames.MinTestRows => "Min test rows",
        GateNames.RequireApproval => "Second admin's approval",
        _ => gate,
    };

    /// <summary>A gate's actual, threshold or champion value: counts as whole numbers, the rest with four decimals.</summary>
    public static string Value(string gate, double? value) => value switch
    {
        null => "—",
        { } v when gate is GateNames.MinTestRows or GateNames.RequireApproval => Format.Count((long)v),
        { } v => Format.Number(v),
    };
}
