using System.Runtime.InteropServices;

namespace Portal.Core.Performance;

/// <summary>
/// A monotone map from a served probability to a calibrated one, fitted by pool-adjacent-violators on the test split as
/// scikit-learn 1.2's <c>IsotonicRegression(out_of_bounds='clip')</c> fits it (what NannyML's CBPE calibrates with):
/// rows sorted by probability, equal probabilities (closer than float64 resolution, 1e-15) merged into their mean label,
/// the PAV solution trimmed to the first and last knot of each flat run, then linear interpolation between knots and
/// clipping outside them. <see cref="X"/> and <see cref="Y"/> are scikit-learn's <c>X_thresholds_</c> and <c>y_thresholds_</c>.
/// </summary>
public sealed record IsotonicCalibration(IReadOnlyList<double> X, IReadOnlyList<double> Y)
{
    private const double Resolution = 1e-15;

    public static IsotonicCalibration Fit(IReadOnlyList<double> probability, IReadOnlyList<bool> actual)
    {
        if (probability.Count != actual.Count) throw new ArgumentException("One label per probability is needed.", nameof(actual));
        if (probability.Count == 0) throw new ArgumentException("At least one row is needed.", nameof(probability));
        // np.lexsort((y, X)): by probability, then negatives before positives.
        var order = Enumerable.Range(0, probability.Count)
            .OrderBy(i => probability[i]).ThenBy(i => actual[i] ? 1 : 0).ToArray();

        // _make_unique: a group starts where x is at least the resolution above the group's first x.
        var xs = new List<double>();
        var ys = new List<double>();
        var ws = new List<double>();
        double currentX = probability[order[0]], sumY = 0, weight = 0;
        foreach (var i in order)
        {
            var x = probability[i];
            if (x - currentX >= Resolution)
            {
                xs.Add(currentX);
                ys.Add(sumY / weight);
                ws.Add(weight);
                currentX = x;
                weight = 0;
                sumY = 0;
            }

            weight += 1;
            sumY += actual[i] ? 1 : 0;
        }

        xs.Add(currentX);
        ys.Add(sumY / weight);
        ws.Add(weight);

        var y = ys.ToArray();
        PoolAdjacentViolators(y, ws.ToArray());

        var keptX = new List<double>();
        var keptY = new List<double>();
        for (var k = 0; k < y.Length; k++)
        {
            var inner = k > 0 && k < y.Length - 1;
            if (inner && y[k] == y[k - 1] && y[k] == y[k + 1]) continue;
            keptX.Add(xs[k]);
            keptY.Add(y[k]);
        }

        return new IsotonicCalibration(keptX, keptY);
    }

    /// <summary>The calibrated probability of a served one: clipped to the fitted range, then interpolated (scipy's interp1d).</summary>
    public double Apply(double probability)
    {
        var n = X.Count;
        if (n == 1 || Y.All(v => v == Y[0])) return Y[0];
        return Interpolate(SpanOf(X), SpanOf(Y), probability);
    }

    private static ReadOnlySpan<double> SpanOf(IReadOnlyList<double> list) => list switch
    {
        double[] array => array,
        List<double> items => CollectionsMarshal.AsSpan(items),
        _ => list.ToArray(),
    };

    /// <summary>
    /// <see cref="Apply"/> of each probability (the same values), with the map's checks done once: a window of
    /// millions of predictions is calibrated row by row.
    /// </summary>
    public double[] ApplyAll(ReadOnlySpan<double> probabilities)
    {
        var result = new double[probabilities.Length];
        if (X.Count == 1 || Y.All(v => v == Y[0]))
        {
            Array.Fill(result, Y[0]);
            return result;
        }

        var x = SpanOf(X);
        var y = SpanOf(Y);
        for (var i = 0; i < probabilities.Length; i++) result[i] = Interpolate(x, y, probabilities[i]);
        return result;
    }

    private static double Interpolate(ReadOnlySpan<double> x, ReadOnlySpan<double> y, double probability)
    {
        var n = x.Length;
        var t = Math.Clamp(probability, x[0], x[n - 1]);
        // searchsorted (side left), clipped to [1, n - 1].
        int lo = 0, hi = n;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (x[mid] < t) lo = mid + 1; else hi = mid;
        }

        var index = Math.Clamp(lo, 1, n - 1);
        double xLo = x[index - 1], xHi = x[index], yLo = y[index - 1], yHi = y[index];
        var slope = (yHi - yLo) / (xHi - xLo);
        return slope * (t - xLo) + yLo;
    }

    /// <summary>scikit-learn's in-place contiguous PAV (single pass with backtracking), same arithmetic order.</summary>
    private static void PoolAdjacentViolators(double[] y, double[] w)
    {
        var n = y.Length;
        var target = new int[n];
        for (var k = 0; k < n; k++) target[k] = k;
        var i = 0;
        while (i < n)
        {
            var k = target[i] + 1;
            if (k == n) break;
            if (y[i] < y[k])
            {
                i = k;
                continue;
            }

            var sumWy = w[i] * y[i];
            var sumW = w[i];
            while (true)
            {
                var prevY = y[k];
                sumWy += w[k] * y[k];
                sumW += w[k];
                k = target[k] + 1;
                if (k == n || prevY < y[k])
                {
                    y[i] = sumWy / sumW;
                    w[i] = sumW;
                    target[i] = k - 1;
                    target[k - 1] = i;
                    if (i > 0) i = target[i - 1];
                    break;
                }
            }
        }

        i = 0;
        while (i < n)
        {
            var k = target[i] + 1;
            for (var j = i + 1; j < k; j++) y[j] = y[i];
            i = k;
        }
    }
}
