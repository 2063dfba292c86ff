using Portal.Core.Gates;

namespace Portal.Core.Registry;

/// <summary>An alias moved from one version to another (or away): the registry's history, kept forever.</summary>
public sealed record AliasMove(
    string Model,
    string Alias,
    int? FromVersion,
    int? ToVersion,
    DateTimeOffset At,
    string By,
    string? Reason,
    IReadOnlyList<GateResult>? Gates,
    string Action);
