using System.Globalization;

namespace Portal.Core.Statistics;

/// <summary>
/// A sample-ratio check: the observed requests per arm, the configured weights (as percentages), the chi-square
/// goodness-of-fit statistic and p-value, and whether the split is off (p below the threshold).
/// </summary>
public sealed record SampleRatioResult(
    IReadOnlyList<long> Observed,
    IReadOnlyList<double> WeightPercents,
    double Statistic,
    double PValue,
    double Threshold,
    bool Mismatch)
{
    /// <summary>
    /// One sentence for a rollout's stop reason, e.g. "observed split 5,210 / 4,790 against 50/50: p = 2.7e-05"
    /// (p with two significant digits; in plain decimals from 0.001 up).
    /// </summary>
    public string Describe()
    {
        var inv = CultureInfo.InvariantCulture;
        var counts = string.Join(" / ", Observed.Select(o => o.ToString("N0", inv)));
        var weights = string.Join("/", WeightPercents.Select(w => w.ToString("0.##", inv)));
        return $"observed split {counts} against {weights}: {FormatP(PValue)}";
    }

    /// <summary>"p = 2.7e-05" below 0.001, "p = 0.021" above; "p &lt; 1e-300" when the p-value underflows to 0.</summary>
    public static string FormatP(double p)
    {
        var inv = CultureInfo.InvariantCulture;
        if (double.IsNaN(p)) return "p not defined";
        if (p <= 0) return "p < 1e-300";
        return "p = " + (p < 0.001 ? p.ToString("0.0e-00", inv) : p.ToString("0.###", inv));
    }
}
