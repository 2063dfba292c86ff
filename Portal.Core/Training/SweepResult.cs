namespace Portal.Core.Training;

/// <summary>What a sweep found: the number of folds and every candidate in the order it was scored, one of them chosen.</summary>
public sealed record SweepResult(int Folds, IReadOnlyList<SweepCandidateResult> Candidates)
{
    /// <summary>
    /// <see cref="SweepCandidateResult.StdAuc"/> is the sample standard deviation of the fold AUCs (ddof = 1, as pandas'
    /// <c>std()</c>), not the population one (numpy's default, ddof = 0).
    /// </summary>
    public const string StdKind = "sample";

    public SweepCandidateResult ChosenCandidate() => Candidates.First(c => c.Chosen);

    /// <summary>Candidates scored on <paramref name="folds"/> folds; the best mean AUC is chosen, the earlier one on a tie.</summary>
    public static SweepResult Of(int folds, IReadOnlyList<(SweepCandidate Candidate, double[] FoldAucs)> scored)
    {
        if (scored.Count == 0) throw new ArgumentException("A sweep needs at least one candidate.", nameof(scored));
        var means = scored.Select(s => s.FoldAucs.Average()).ToArray();
        var best = 0;
        for (var i = 1; i < means.Length; i++)
            if (means[i] > means[best]) best = i;
        var candidates = scored.Select((s, i) => new SweepCandidateResult(
            s.Candidate.Trainer, s.Candidate.Options, s.FoldAucs, means[i], SampleStd(s.FoldAucs, means[i]), i == best)).ToArray();
        return new SweepResult(folds, candidates);
    }

    private static double SampleStd(IReadOnlyList<double> values, double mean) =>
        values.Count < 2 ? 0 : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
}
