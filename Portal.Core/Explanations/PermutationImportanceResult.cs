namespace Portal.Core.Explanations;

/// <summary>
/// Permutation importance of a version on its test split: the baseline AUC, how many seeded permutations were scored
/// (<see cref="Seed"/> null when they were given rather than drawn) and each user feature's AUC drop, in schema order.
/// </summary>
public sealed record PermutationImportanceResult(double BaselineAuc, int Repeats, int? Seed, int Rows, IReadOnlyList<FeatureImportance> Features)
{
    /// <summary>The features from the most to the least important (ties in schema order).</summary>
    public IEnumerable<FeatureImportance> Ranked() => Features.OrderByDescending(f => f.Mean);
}
