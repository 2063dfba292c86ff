using Portal.Core.Explanations;

namespace Portal.Web.Api.Contracts;

/// <summary>Permutation importance on the test split: the metric dropped ("auc"), its baseline, repeats, seed, rows and each feature's mean and std drop.</summary>
public sealed record ImportanceResponse(string Metric, double Baseline, int Repeats, int? Seed, int Rows, IReadOnlyList<FeatureImportance> Features)
{
    public static ImportanceResponse? From(PermutationImportanceResult? result) =>
        result is null ? null : new ImportanceResponse("auc", result.BaselineAuc, result.Repeats, result.Seed, result.Rows, result.Features);
}
