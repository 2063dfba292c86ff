namespace Portal.Core.Explanations;

/// <summary>
/// One user feature's permutation importance: the mean drop in test AUC when its column is shuffled, and the population
/// standard deviation (ddof 0, as scikit-learn's <c>importances_std</c>) of the drops over the repeats.
/// </summary>
public sealed record FeatureImportance(string Feature, double Mean, double Std);
