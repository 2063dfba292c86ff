namespace Portal.Core.Rollouts;

/// <summary>
/// One logged prediction of a rollout arm as evidence needs it: <paramref name="Positive"/> is whether its true label is
/// the version's positive class (null: not labelled yet). For a shadow score the label is the champion prediction's it
/// is paired with (<paramref name="PairedId"/>, whose probability is <paramref name="PairedProbability"/>); else both are null.
/// </summary>
public sealed record RolloutEvidenceRow(Guid Id, double Probability, double LatencyMs, bool? Positive, Guid? PairedId = null, double? PairedProbability = null);
