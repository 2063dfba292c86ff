namespace Portal.Core.Statistics;

/// <summary>Mean and population standard deviation (ddof = 0, as <c>np.std</c>), two passes with compensated sums.</summary>
public static class Moments
{
    /// <summary>The arithmetic mean (NaN for an empty span).</summary>
    public static double Mean(ReadOnlySpan<double> values)
    {
        if (values.Length == 0) return double.NaN;
        double sum = 0, comp = 0;
        foreach (var x in values)
        {
            var t = sum + x;
            comp += Math.Abs(sum) >= Math.Abs(x) ? (sum - t) + x : (x - t) + sum;
            sum = t;
        }
        return (sum + comp) / values.Length;
    }

    /// <summary>sqrt(mean((x - mean)^2)), the population standard deviation (<c>np.std</c>, ddof = 0).</summary>
    public static double StdDev(ReadOnlySpan<double> values, double mean)
    {
        if (values.Length == 0) return double.NaN;
        double sum = 0, comp = 0;
        foreach (var x in values)
        {
            var d = x - mean;
            var sq = d * d;
            var t = sum + sq;
            comp += sum >= sq ? (sum - t) + sq : (sq - t) + sum;
            sum = t;
        }
        return Math.Sqrt((sum + comp) / values.Length);
    }
}
