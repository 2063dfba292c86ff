namespace Portal.Core.Explanations;

/// <summary>
/// Which features count as important for the drift tab: a feature whose permutation importance is positive and that
/// is among the <see cref="TopCount"/> most important, or holds at least <see cref="ShareOfTotal"/> of the total positive
/// importance. Both, because a model leaning on one feature has a short list by share, and one spread evenly over
/// many has no feature at 10% yet still a top three worth watching.
/// </summary>
public static class ImportantFeatures
{
    public const int TopCount = 3;
    public const double ShareOfTotal = 0.10;

    /// <summary>The important features with their rank (1 = most important) and share of the total positive importance.</summary>
    public static IReadOnlyDictionary<string, (int Rank, double Share, FeatureImportance Importance)> Of(PermutationImportanceResult? importance)
    {
        var result = new Dictionary<string, (int, double, FeatureImportance)>(StringComparer.Ordinal);
        if (importance is null) return result;
        var total = importance.Features.Where(f => f.Mean > 0).Sum(f => f.Mean);
        var rank = 0;
        foreach (var f in importance.Ranked())
        {
            rank++;
            if (!(f.Mean > 0)) break;
            var share = f.Mean / total;
            if (rank <= TopCount || share >= ShareOfTotal) result[f.Feature] = (rank, share, f);
        }

        return result;
    }
}
