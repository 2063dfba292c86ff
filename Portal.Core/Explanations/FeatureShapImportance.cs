namespace Portal.Core.Explanations;

/// <summary>One user feature's mean |SHAP| over a version's test split, in logit (log-odds) space.</summary>
public sealed record FeatureShapImportance(string Feature, double MeanAbs);
