namespace Portal.Core.Statistics;

/// <summary>Where a sequential test stands: no conclusion yet, or the candidate is better or worse than the champion.</summary>
public enum SequentialDecision
{
    Undecided,
    CandidateBetter,
    CandidateWorse,
}
