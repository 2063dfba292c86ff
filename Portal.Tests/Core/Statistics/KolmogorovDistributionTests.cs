using Portal.Core.Statistics;

namespace Portal.Tests.Core.Statistics;

/// <summary>Expected values: scipy 1.10.1 stats.kstwo.sf(x, n), printed by tools/reference/drift_reference.py.</summary>
public sealed class KolmogorovDistributionTests
{
    [Theory]
    [InlineData(50, 0.015, 1.0)]                        // n x <= 0.5
    [InlineData(50, 0.1, 0.6623112704658186)]           // Durbin matrix
    [InlineData(50, 0.2, 0.03143877776953241)]          // Pomeranz
    [InlineData(50, 0.35, 5.573523514803185e-06)]       // 2 * smirnov, n <= 140
    [InlineData(100, 0.2, 0.0005551927327988775)]
    [InlineData(5000, 0.005, 0.9995858441477996)]       // Durbin matrix, large n
    [InlineData(5000, 0.03, 0.00024159234422666817)]    // 2 * smirnov
    [InlineData(150000, 0.003, 0.1341018124495077)]     // Pelz-Good
    [InlineData(500000, 0.0021, 0.024276288597831493)]  // 2 * smirnov, the 1M x 1M case
    [InlineData(500000, 0.004, 2.2445978493851467e-07)]
    [InlineData(500000, 0.01, 7.374635645083527e-44)]
    [InlineData(1000000, 0.0015, 0.022195758430640866)]
    public void TwoSidedSf_BranchesOfKolmogn_EqualScipy(int n, double x, double expected) =>
        Expect.Close(expected, KolmogorovDistribution.TwoSidedSf(n, x));

    [Theory]
    [InlineData(20000, 0.0108, 0.018690832027229796)]
    [InlineData(20000, 0.039, 7.221250004627531e-27)]
    [InlineData(20000, 0.1225, 5.089887083669936e-262)]
    [InlineData(500000, 0.0025, 0.0038544560212235442)]
    [InlineData(500000, 0.0087, 2.6682306969105746e-33)]
    [InlineData(500000, 0.0234, 2.9048838927100457e-238)]
    [InlineData(500000, 0.026, 4.639196153147231e-294)]
    [InlineData(1000000, 0.003, 3.039812751939269e-08)]
    [InlineData(1000000, 0.018, 7.125088222421033e-282)]
    public void TwoSidedSf_SmirnovSumByTrapezoidalRule_EqualsScipy(int n, double x, double expected) =>
        Expect.Close(expected, KolmogorovDistribution.TwoSidedSf(n, x));

    [Theory]
    [InlineData(20000)]
    [InlineData(150000)]
    [InlineData(500000)]
    [InlineData(1000000)]
    public void SmirnovTerms_SmoothSumAndTermByTerm_Agree(int n)
    {
        foreach (var nxSquared in new[] { 2.2, 3.4, 10.0, 37.7, 100.0, 273.0, 350.0 })
        {
            var x = Math.Sqrt(nxSquared / n);
            var terms = new KolmogorovDistribution.SmirnovTerms(n, x);
            var nTerms = n - (int)Math.Floor(n * x);

            var smooth = terms.SmoothSf(nTerms);

            Assert.NotNull(smooth);
            Expect.Close(x * terms.Sum(nTerms), smooth.Value, 1e-12);
        }
    }

    [Fact]
    public void SmirnovTerms_FewTerms_NoSmoothSum() =>
        Assert.Null(new KolmogorovDistribution.SmirnovTerms(5000, 0.03).SmoothSf(5000 - 150));

    [Theory]
    [InlineData(1e-8)]
    [InlineData(-3e-5)]
    [InlineData(0.05)]
    [InlineData(-0.2)]
    [InlineData(0.5)]
    [InlineData(-0.5)]
    public void Log1PMinusX_AgreesWithSeriesAndLog(double z)
    {
        // ln(1+z) - z = sum_{k>=2} (-1)^(k+1) z^k / k; for |z| >= 0.01 the direct difference is accurate enough to compare.
        double expected;
        if (Math.Abs(z) < 0.01)
        {
            expected = 0;
            for (var k = 30; k >= 2; k--) expected += (k % 2 == 0 ? -1 : 1) * Math.Pow(z, k) / k;
        }
        else
        {
            expected = Math.Log(1 + z) - z;
        }
        Expect.Close(expected, KolmogorovDistribution.Log1PMinusX(z), Math.Abs(z) < 0.01 ? 1e-15 : 1e-12);
    }
}
