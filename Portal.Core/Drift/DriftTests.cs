using Portal.Core.Statistics;

namespace Portal.Core.Drift;

/// <summary>Names of the drift tests (Evidently's stat test names) and their default thresholds.</summary>
public static class DriftTests
{
    public const string KolmogorovSmirnov = "ks";
    public const string Wasserstein = "wasserstein";
    public const string ChiSquare = "chisquare";
    public const string ZTest = "z";
    public const string JensenShannon = "jensenshannon";

    /// <summary>p-value tests flag drift when p &lt; 0.05.</summary>
    public const double PValueThreshold = 0.05;

    /// <summary>Distance tests (normed Wasserstein, Jensen-Shannon) flag drift when the distance is &gt;= 0.1.</summary>
    public const double DistanceThreshold = 0.1;

    /// <summary>The threshold Evidently uses by default for a test.</summary>
    public static double DefaultThreshold(string test) => IsPValueTest(test) ? PValueThreshold : DistanceThreshold;

    /// <summary>True for tests whose drift score is a p-value (drift below the threshold).</summary>
    public static bool IsPValueTest(string test) => test is KolmogorovSmirnov or ChiSquare or ZTest;
}
