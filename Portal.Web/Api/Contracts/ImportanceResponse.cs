using Portal.Core.Explanations;
using Portal.Core.Training;

namespace Portal.Web.Api.Contracts;

/// <summary>
/// Global importance on the test split: permutation importance (the metric dropped, "auc", its baseline, repeats, seed,
/// rows and each feature's mean and std drop; baseline and repeats null and features empty when the version has none)
/// and <see cref="MeanAbsShap"/>, each feature's mean |SHAP| in log-odds.
/// </summary>
public sealed record ImportanceResponse(string Metric, double? Baseline, int? Repeats, int? Seed, int Rows, IReadOnlyList<FeatureImportance> Features)
{
    /// <summary>Mean |SHAP| of each feature over the test split (log-odds), in schema order; null when the version has none.</summary>
    public IReadOnlyList<FeatureShapImportance>? MeanAbsShap { get; init; }

    /// <summary>The version's importance, or null when it has neither kind.</summary>
    public static ImportanceResponse? From(Evaluation evaluation) => (evaluation.Importance, evaluation.MeanAbsShap) switch
    {
        (null, null) => null,
        ({ } p, var shap) => new ImportanceResponse("auc", p.BaselineAuc, p.Repeats, p.Seed, p.Rows, p.Features) { MeanAbsShap = shap?.Features },
        (null, { } shap) => new ImportanceResponse("auc", null, null, null, shap.Rows, []) { MeanAbsShap = shap.Features },
    };
}
