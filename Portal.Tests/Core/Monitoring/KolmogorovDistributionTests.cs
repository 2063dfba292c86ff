using Portal.Core.Monitoring;

namespace Portal.Tests.Core.Monitoring;

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
}
