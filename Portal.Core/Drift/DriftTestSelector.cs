using Portal.Core.Statistics;

namespace Portal.Core.Drift;

/// <summary>
/// Evidently's <c>_get_default_stattest</c>: n_values = distinct non-missing values of reference and current together.
/// Reference rows &lt;= 1000: numeric with n_values &lt;= 5 gets chi-square (n_values &gt; 2) or the z-test, other numeric
/// KS, categorical chi-square (n_values &gt; 2) or the z-test. Reference rows &gt; 1000: numeric with n_values &lt;= 5
/// gets Jensen-Shannon, other numeric the normed Wasserstein distance, categorical Jensen-Shannon.
/// </summary>
public static class DriftTestSelector
{
    /// <summary>Reference sizes above this use the distance tests.</summary>
    public const int SmallReferenceRows = 1000;

    /// <summary>The test name (<see cref="DriftTests"/>) for a feature.</summary>
    public static string Select(string featureType, long referenceRows, long distinctValues)
    {
        var numeric = featureType switch
        {
            FeatureTypes.Numeric => true,
            FeatureTypes.Categorical => false,
            _ => throw new ArgumentException($"Unexpected feature type {featureType}.", nameof(featureType)),
        };
        if (referenceRows <= SmallReferenceRows)
        {
            if (numeric && distinctValues > 5) return DriftTests.KolmogorovSmirnov;
            return distinctValues > 2 ? DriftTests.ChiSquare : DriftTests.ZTest;
        }
        if (numeric && distinctValues > 5) return DriftTests.Wasserstein;
        return DriftTests.JensenShannon;
    }
}
