using Portal.Core.Statistics;
using Portal.Tests.Core.Drift;

namespace Portal.Tests.Core.Statistics;

/// <summary>
/// Expected values: tools/reference/rollout_statistics_reference.py, DeLong after Sun &amp; Xu (2014) in numpy 1.24 /
/// scipy 1.10.1 (rankdata midranks, np.cov), each AUC checked there against scikit-learn 1.2.1 roc_auc_score. The rows
/// come from the shared LCG (DriftData): per row label = u &lt; prevalence, then two normals na, nb;
/// champion = shiftA * label + na, candidate = shiftB * label + corr * na + nb, both rounded down to the step (ties).
/// </summary>
public sealed class DeLongTests
{
    private static (bool[] Labels, double[] Champion, double[] Candidate) Rows(int seed, int n, double prevalence,
        double shiftA, double shiftB, double corr, double? step)
    {
        var g = new DriftData(seed);
        var labels = new bool[n];
        var a = new double[n];
        var b = new double[n];
        for (var i = 0; i < n; i++)
        {
            labels[i] = g.U() < prevalence;
            var na = g.Normal(0.0, 1.0);
            var nb = g.Normal(0.0, 1.0);
            var sa = (labels[i] ? shiftA : 0.0) + na;
            var sb = (labels[i] ? shiftB : 0.0) + corr * na + nb;
            a[i] = step is { } s ? Math.Floor(sa / s) * s : sa;
            b[i] = step is { } t ? Math.Floor(sb / t) * t : sb;
        }
        return (labels, a, b);
    }

    private static readonly Dictionary<string, (bool[] Labels, double[] Champion, double[] Candidate)> Data = new()
    {
        ["ties_n200"] = Rows(101, 200, 0.4, 1.0, 0.8, 0.6, 0.1),
        ["no_ties_n1000"] = Rows(102, 1000, 0.3, 0.9, 0.85, 0.5, null),
        ["heavy_ties_n60"] = Rows(103, 60, 0.5, 1.2, 0.4, 0.3, 0.5),
        ["rare_positives_n3000"] = Rows(104, 3000, 0.05, 1.5, 1.3, 0.8, 0.01),
    };

    [Theory]
    // name, positives, AUC A (champion), AUC B (candidate), var A, var B, cov, z (B - A), p, CI of B - A
    [InlineData("ties_n200", 78, 0.7878310214375788, 0.6442307692307692, 0.0010278686487756906, 0.0015719404624724648,
        0.0005777631418249869, -3.7785839792972227, 0.00015772266383784502, -0.21808617710308842, -0.06911432731053078)]
    [InlineData("no_ties_n1000", 293, 0.7462913526847565, 0.6850944480113541, 0.0002736345106631443, 0.00033675019485792984,
        0.00013483198909370426, -3.315356074039816, 0.0009152645866274445, -0.09737513906107301, -0.025018670285731882)]
    [InlineData("heavy_ties_n60", 30, 0.7411111111111112, 0.6, 0.004235291613452532, 0.005372924648786718,
        0.002086526181353768, -1.9140570981159506, 0.05561286047435981, -0.28560664150487247, 0.0033844192826500974)]
    [InlineData("rare_positives_n3000", 149, 0.8315980028201573, 0.7054336286102367, 0.0003068063575296218, 0.0004847976257826002,
        0.00025277039340738336, -7.459431742489979, 8.68964310999286e-14, -0.1593140346827083, -0.0930147137371328)]
    public void Compare_GeneratedRows_EqualsReference(string name, int positives, double aucA, double aucB, double varA, double varB,
        double cov, double z, double p, double lower, double upper)
    {
        var (labels, champion, candidate) = Data[name];

        var result = DeLong.Compare(labels, champion, candidate);

        Assert.Equal(positives, labels.Count(y => y));
        Assert.True(result.IsDefined);
        Expect.Close(aucA, result.ChampionAuc);
        Expect.Close(aucB, result.CandidateAuc);
        Expect.Close(varA, result.ChampionVariance);
        Expect.Close(varB, result.CandidateVariance);
        Expect.Close(cov, result.Covariance);
        Expect.Close(z, result.Z);
        Expect.Close(p, result.PValue);
        Expect.Close(lower, result.DifferenceInterval.Lower);
        Expect.Close(upper, result.DifferenceInterval.Upper);
    }

    [Theory]
    // name, champion (A) or candidate (B), AUC, var, CI
    [InlineData("ties_n200", "A", 0.7878310214375788, 0.0010278686487756906, 0.7249938104288594, 0.8506682324462982)]
    [InlineData("ties_n200", "B", 0.6442307692307692, 0.0015719404624724648, 0.5665226965795261, 0.7219388418820122)]
    [InlineData("no_ties_n1000", "A", 0.7462913526847565, 0.0002736345106631443, 0.7138698211874127, 0.7787128841821004)]
    [InlineData("heavy_ties_n60", "B", 0.6, 0.005372924648786718, 0.45633417669812126, 0.7436658233018787)]
    [InlineData("rare_positives_n3000", "A", 0.8315980028201573, 0.0003068063575296218, 0.7972674917785605, 0.8659285138617541)]
    public void Auc_GeneratedRows_EqualsReference(string name, string version, double auc, double variance, double lower, double upper)
    {
        var (labels, champion, candidate) = Data[name];

        var result = DeLong.Auc(labels, version == "A" ? champion : candidate);

        Assert.True(result.IsDefined);
        Expect.Close(auc, result.Auc);
        Expect.Close(variance, result.Variance);
        Expect.Close(lower, result.Interval.Lower);
        Expect.Close(upper, result.Interval.Upper);
    }

    [Fact]
    public void Compare_SwappedVersions_NegatesTheDifference()
    {
        var (labels, champion, candidate) = Data["ties_n200"];

        var ab = DeLong.Compare(labels, champion, candidate);
        var ba = DeLong.Compare(labels, candidate, champion);

        Expect.Close(-ab.Z, ba.Z);
        Expect.Close(ab.PValue, ba.PValue);
        Expect.Close(-ab.DifferenceInterval.Upper, ba.DifferenceInterval.Lower);
    }

    [Fact]
    public void Compare_IdenticalScores_IsNoDifference()
    {
        var (labels, champion, _) = Data["heavy_ties_n60"];

        var result = DeLong.Compare(labels, champion, champion);

        Assert.True(result.IsDefined);
        Assert.Equal((0.0, 0.0, 1.0), (result.Difference, result.Z, result.PValue));
        Assert.Equal(new ConfidenceInterval(0, 0), result.DifferenceInterval);
    }

    [Fact]
    public void Auc_PerfectSeparation_IsOneWithZeroVariance()
    {
        var result = DeLong.Auc([false, false, true, true], [0.1, 0.2, 0.8, 0.9]);

        Assert.Equal((1.0, 0.0), (result.Auc, result.Variance));
        Assert.Equal(new ConfidenceInterval(1, 1), result.Interval);
    }

    [Fact]
    public void CompareAndAuc_OneClassOnly_SayNotDefined()
    {
        bool[] labels = [true, true, true];
        double[] scores = [0.1, 0.5, 0.9];

        var comparison = DeLong.Compare(labels, scores, scores);
        var auc = DeLong.Auc(labels, scores);

        Assert.False(comparison.IsDefined);
        Assert.Contains("one class only", comparison.Reason, StringComparison.Ordinal);
        Assert.True(double.IsNaN(comparison.PValue));
        Assert.False(auc.IsDefined);
        Assert.Contains("one class only", auc.Reason, StringComparison.Ordinal);
        Assert.True(double.IsNaN(auc.Auc));
    }

    [Fact]
    public void Compare_OnePositiveRow_SaysTheVarianceIsNotDefined()
    {
        var result = DeLong.Compare([true, false, false], [0.9, 0.1, 0.2], [0.8, 0.3, 0.1]);

        Assert.False(result.IsDefined);
        Assert.Contains("at least 2 positive and 2 negative", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_BadInput_Throws()
    {
        Assert.Throws<ArgumentException>(() => DeLong.Compare([true, false], [0.1, 0.2], [0.3]));
        Assert.Throws<ArgumentException>(() => DeLong.Auc([true, false, true, false], [0.1, double.NaN, 0.3, 0.4]));
    }

    [Fact]
    public void Midranks_Ties_AreAveraged()
    {
        Assert.Equal([2.5, 1.0, 2.5, 4.0, 6.0, 6.0, 6.0], Midranks.Of([0.5, 0.1, 0.5, 0.7, 0.9, 0.9, 0.9]));
        Assert.Equal([1.5, 1.5], Midranks.Of([-0.0, 0.0]));
    }
}
