using MathNet.Numerics.Distributions;

namespace Portal.Core.Statistics;

/// <summary>
/// Wilson score interval for a rate, as statsmodels 0.13
/// <c>proportion_confint(count, nobs, alpha, method='wilson')</c>: with z = norm.isf(alpha / 2) and p = count / nobs,
/// centre (p + z^2 / 2n) / (1 + z^2 / n), half-width z sqrt(p (1 - p) / n + z^2 / 4n^2) / (1 + z^2 / n).
/// The bounds are clamped to [0, 1] (only rounding can leave it; statsmodels prints e.g. 1.0000000000000002).
/// </summary>
public static class WilsonInterval
{
    /// <summary>norm.isf(0.025), the two-sided 95% critical value, as scipy prints it.</summary>
    public const double Z95 = 1.9599639845400545;

    /// <summary>The interval for <paramref name="successes"/> out of <paramref name="trials"/>; [0, 1] when there are no trials.</summary>
    public static ConfidenceInterval Of(long successes, long trials, double confidence = 0.95)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, trials);
        if (trials == 0) return new ConfidenceInterval(0, 1);
        var z = CriticalValue(confidence);
        double n = trials;
        var p = successes / n;
        var z2 = z * z;
        var denom = 1 + z2 / n;
        var centre = (p + z2 / (2 * n)) / denom;
        var half = z * Math.Sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n)) / denom;
        return new ConfidenceInterval(Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>The two-sided normal critical value norm.isf((1 - confidence) / 2).</summary>
    public static double CriticalValue(double confidence)
    {
        if (confidence is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(confidence), "The confidence must be between 0 and 1.");
        return confidence == 0.95 ? Z95 : -Normal.InvCDF(0, 1, (1 - confidence) / 2);
    }
}
