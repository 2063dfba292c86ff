namespace Portal.Core.Statistics;

/// <summary>
/// DeLong, DeLong &amp; Clarke-Pearson (1988) for ROC AUCs, computed with the fast algorithm of Sun &amp; Xu (2014),
/// "Fast implementation of DeLong's algorithm for comparing the areas under correlated receiver operating characteristic
/// curves", IEEE Signal Processing Letters 21(11): with m positives X and n negatives Y, midranks T_X, T_Y and T_Z (of the
/// pooled scores), AUC = sum(T_Z[positives]) / (m n) - (m + 1) / 2n, V10_i = (T_Z_i - T_X_i) / n,
/// V01_j = 1 - (T_Z_j - T_Y_j) / m, and Cov = S10 / m + S01 / n with S the sample covariances (denominator m - 1 and n - 1).
/// Ties count one half (midranks). Matches tools/reference/rollout_statistics_reference.py (numpy/scipy, each AUC checked
/// against sklearn's roc_auc_score). No Debian library implements DeLong, hence the script's own implementation.
/// </summary>
public static class DeLong
{
    private const string OneClass = "not defined: the labels hold one class only (an AUC needs positive and negative rows)";
    private const string TooFew = "not defined: the DeLong variance needs at least 2 positive and 2 negative rows";

    /// <summary>One AUC with its variance and its <paramref name="confidence"/> interval (AUC +- z sqrt(var), clamped to [0, 1]).</summary>
    public static DeLongAuc Auc(ReadOnlySpan<bool> labels, ReadOnlySpan<double> scores, double confidence = 0.95)
    {
        if (labels.Length != scores.Length) throw new ArgumentException("One score per label is needed.", nameof(scores));
        var (m, n) = Count(labels);
        if (m == 0 || n == 0) return DeLongAuc.NotDefined(OneClass);
        if (m < 2 || n < 2) return DeLongAuc.NotDefined(TooFew);
        var c = Components.Of(labels, scores, m, n);
        var variance = Covariance(c.V10, c.V10) / m + Covariance(c.V01, c.V01) / n;
        var half = WilsonInterval.CriticalValue(confidence) * Math.Sqrt(variance);
        return new DeLongAuc(true, null, c.Auc, variance, new ConfidenceInterval(Math.Max(0, c.Auc - half), Math.Min(1, c.Auc + half)));
    }

    /// <summary>
    /// The paired comparison of the champion's and the candidate's scores on the same rows: z = (AUC_cand - AUC_champ) /
    /// sqrt(Var_champ + Var_cand - 2 Cov), two-sided p, and the difference's interval (difference +- z_crit sqrt(var)).
    /// Identical scores give a zero variance: then z = 0 and p = 1.
    /// </summary>
    public static DeLongComparison Compare(ReadOnlySpan<bool> labels, ReadOnlySpan<double> championScores,
        ReadOnlySpan<double> candidateScores, double confidence = 0.95)
    {
        if (labels.Length != championScores.Length || labels.Length != candidateScores.Length)
            throw new ArgumentException("Both versions must score the same rows.", nameof(candidateScores));
        var (m, n) = Count(labels);
        if (m == 0 || n == 0) return DeLongComparison.NotDefined(OneClass);
        if (m < 2 || n < 2) return DeLongComparison.NotDefined(TooFew);
        var a = Components.Of(labels, championScores, m, n);
        var b = Components.Of(labels, candidateScores, m, n);
        var varA = Covariance(a.V10, a.V10) / m + Covariance(a.V01, a.V01) / n;
        var varB = Covariance(b.V10, b.V10) / m + Covariance(b.V01, b.V01) / n;
        var cov = Covariance(a.V10, b.V10) / m + Covariance(a.V01, b.V01) / n;
        var diff = b.Auc - a.Auc;
        var variance = varA + varB - 2 * cov;
        double z, p;
        if (variance > 0)
        {
            z = diff / Math.Sqrt(variance);
            p = 2 * ProportionsZTest.NormalCdf(-Math.Abs(z)); // 2 norm.sf(|z|): exact in the tail, unlike 2 (1 - Phi(|z|))
        }
        else
        {
            // Rounding can leave a tiny negative variance for identical scores; no spread means no evidence either way.
            variance = 0;
            z = diff == 0 ? 0 : Math.CopySign(double.PositiveInfinity, diff);
            p = diff == 0 ? 1 : 0;
        }
        var half = WilsonInterval.CriticalValue(confidence) * Math.Sqrt(variance);
        return new DeLongComparison(true, null, a.Auc, b.Auc, varA, varB, cov, z, p, new ConfidenceInterval(diff - half, diff + half));
    }

    private static (int Positives, int Negatives) Count(ReadOnlySpan<bool> labels)
    {
        var m = 0;
        foreach (var y in labels) if (y) m++;
        return (m, labels.Length - m);
    }

    /// <summary>Sample covariance with denominator count - 1 (np.cov).</summary>
    private static double Covariance(double[] x, double[] y)
    {
        double mx = 0, my = 0;
        for (var i = 0; i < x.Length; i++)
        {
            mx += x[i];
            my += y[i];
        }
        mx /= x.Length;
        my /= y.Length;
        var s = 0.0;
        for (var i = 0; i < x.Length; i++) s += (x[i] - mx) * (y[i] - my);
        return s / (x.Length - 1);
    }

    /// <summary>One classifier's AUC and DeLong structural components (V10 over positives, V01 over negatives).</summary>
    private sealed record Components(double Auc, double[] V10, double[] V01)
    {
        public static Components Of(ReadOnlySpan<bool> labels, ReadOnlySpan<double> scores, int m, int n)
        {
            var pooled = new double[m + n];
            int ip = 0, ineg = m;
            for (var i = 0; i < labels.Length; i++)
            {
                if (double.IsNaN(scores[i])) throw new ArgumentException($"Score {i} is not a number.", nameof(scores));
                if (labels[i]) pooled[ip++] = scores[i];
                else pooled[ineg++] = scores[i];
            }
            var tz = Midranks.Of(pooled);
            var tx = Midranks.Of(pooled.AsSpan(0, m));
            var ty = Midranks.Of(pooled.AsSpan(m));
            var sum = 0.0;
            var v10 = new double[m];
            for (var i = 0; i < m; i++)
            {
                sum += tz[i];
                v10[i] = (tz[i] - tx[i]) / n;
            }
            var v01 = new double[n];
            for (var j = 0; j < n; j++) v01[j] = 1.0 - (tz[m + j] - ty[j]) / m;
            var auc = sum / m / n - (m + 1.0) / 2.0 / n;
            return new Components(auc, v10, v01);
        }
    }
}
