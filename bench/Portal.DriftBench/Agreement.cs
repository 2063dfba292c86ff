namespace Portal.DriftBench;

/// <summary>How one statistic of Portal agrees with scipy/numpy over all features.</summary>
internal sealed record Agreement(string Statistic, double MaxAbsolute, double MaxRelative, string WorstFeature, int BitEqual, IReadOnlyList<string> Failures)
{
    public static readonly (string Name, Func<FeatureStatistics, double> Value)[] Statistics =
    [
        ("ks_statistic", s => s.KsStatistic),
        ("ks_pvalue", s => s.KsPvalue),
        ("wasserstein", s => s.Wasserstein),
        ("wasserstein_normed", s => s.WassersteinNormed),
        ("psi", s => s.Psi),
        ("js", s => s.Js),
    ];

    /// <summary>
    /// Relative to the Python value: |portal - python| &lt;= tolerance |python| (equal values, zeros included, pass). Relative
    /// is the stricter reading for these statistics, which are at most about 1 except the raw Wasserstein distance of a
    /// feature in large units, and it compares tiny p-values digit by digit instead of calling 1e-30 and 0 equal.
    /// </summary>
    public static List<Agreement> Compare(IReadOnlyList<FeatureStatistics> portal, IReadOnlyList<FeatureStatistics> python, double tolerance)
    {
        if (portal.Count != python.Count) throw new InvalidDataException($"Portal has {portal.Count} features, Python {python.Count}.");
        var result = new List<Agreement>();
        foreach (var (name, value) in Statistics)
        {
            double maxAbs = 0, maxRel = 0;
            var worst = "";
            var bitEqual = 0;
            var failures = new List<string>();
            for (var f = 0; f < portal.Count; f++)
            {
                if (portal[f].Name != python[f].Name) throw new InvalidDataException($"Feature {f}: {portal[f].Name} vs {python[f].Name}.");
                double a = value(portal[f]), b = value(python[f]);
                if (BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b)) bitEqual++;
                var abs = a == b ? 0 : Math.Abs(a - b);
                var rel = abs == 0 ? 0 : b == 0 ? double.PositiveInfinity : abs / Math.Abs(b);
                if (double.IsNaN(abs)) rel = abs = double.PositiveInfinity;
                if (rel > tolerance) failures.Add($"{python[f].Name}: {name} portal {a:R} python {b:R} (relative {rel:E2})");
                maxAbs = Math.Max(maxAbs, abs);
                if (rel > maxRel)
                {
                    maxRel = rel;
                    worst = python[f].Name;
                }
            }
            result.Add(new Agreement(name, maxAbs, maxRel, worst, bitEqual, failures));
        }
        return result;
    }
}
