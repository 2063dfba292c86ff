namespace Portal.Core.Drift;

/// <summary>The two feature types drift monitors know.</summary>
public static class FeatureTypes
{
    public const string Numeric = "numeric";
    public const string Categorical = "categorical";
}
