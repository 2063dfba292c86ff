namespace Portal.Web.Components.Shared;

/// <summary>
/// One feature's row of the importance chart: its permutation importance (AUC drop, mean and std over repeats) and,
/// when the version has them, its mean |SHAP| over the test split (log-odds). Either may be missing.
/// </summary>
public sealed record ImportanceBar(string Feature, double? PermutationMean, double? PermutationStd, double? MeanAbsShap = null)
{
    /// <summary>The bars of a version's permutation importance, most important first.</summary>
    public static IReadOnlyList<ImportanceBar> From(Portal.Core.Explanations.PermutationImportanceResult? importance) =>
        importance?.Ranked().Select(f => new ImportanceBar(f.Feature, f.Mean, f.Std)).ToList() ?? [];
}
