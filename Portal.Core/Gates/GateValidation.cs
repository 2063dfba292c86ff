namespace Portal.Core.Gates;

/// <summary>Range checks for gates an admin sets; errors are keyed by the gate's JSON name.</summary>
public static class GateValidation
{
    public static IReadOnlyDictionary<string, string[]> Validate(ModelGates gates)
    {
        var errors = new Dictionary<string, string[]>();
        if (gates.MinAuc is { } auc && !(auc >= 0 && auc <= 1)) errors[GateNames.MinAuc] = ["must be between 0 and 1."];
        if (gates.MinF1ImprovementPct is { } pct && !(pct >= -100 && pct <= 1000)) errors[GateNames.MinF1ImprovementPct] = ["must be a percentage between -100 and 1000."];
        if (gates.MaxBrierDegradation is { } brier && !(brier >= 0 && brier <= 1)) errors[GateNames.MaxBrierDegradation] = ["must be between 0 and 1."];
        if (gates.MinTestRows is { } rows && rows < 0) errors[GateNames.MinTestRows] = ["must not be negative."];
        return errors;
    }
}
