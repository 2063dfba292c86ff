namespace Portal.Core.Gates;

/// <summary>One gate's verdict with its evidence: the candidate's value, the threshold and the champion's value.</summary>
public sealed record GateResult(string Name, bool Passed, double? Actual, double? Threshold, double? ChampionValue, string Message);
