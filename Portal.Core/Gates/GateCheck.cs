using Portal.Core.Gates;
using Portal.Core.Registry;

namespace Portal.Core.Gates;

/// <summary>What a promotion to champion would decide, before anything moves (the Promote dialog shows it).</summary>
public sealed record GateCheck(ModelVersionInfo Candidate, ModelVersionInfo? Champion, ModelGates Gates, IReadOnlyList<GateResult> Results)
{
    public bool Passed => Results.All(r => r.Passed);
}
