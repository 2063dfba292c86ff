using Portal.Core.Statistics;
using Portal.Tests.Core.Drift;

namespace Portal.Tests.Core.Statistics;

/// <summary>Expected values: scipy 1.10.1 stats.ks_2samp, printed by tools/reference/drift_reference.py.</summary>
public sealed class KolmogorovSmirnovTests
{
    [Theory]
    // name, seedA, nA, muA, seedB, nB, muB, step (0 = none), D, p
    [InlineData("exact_equal_ties", 1, 40, 0.0, 2, 40, 0.3, 0.5, 0.175, 0.5786001416508443)]
    [InlineData("exact_unequal_ties", 3, 60, 0.0, 4, 45, 0.5, 0.1, 0.3277777777777778, 0.00623820918286905)]
    [InlineData("exact_unequal", 5, 300, 0.0, 6, 250, 0.1, 0, 0.138, 0.010004964570085194)]
    [InlineData("exact_equal_large", 7, 2000, 0.0, 8, 2000, 0.12, 0, 0.0415, 0.06383123566557118)]
    [InlineData("asymp_same", 9, 12000, 0.0, 10, 11000, 0.0, 0, 0.006886363636363635, 0.9466029227937336)]
    [InlineData("asymp_shift_small", 11, 12000, 0.0, 12, 11000, 0.03, 0, 0.01864393939393938, 0.036547029313811485)]
    [InlineData("asymp_shift", 13, 12000, 0.0, 14, 11000, 0.1, 0, 0.04549242424242428, 9.270174336402862e-11)]
    [InlineData("asymp_n100", 15, 20000, 0.0, 16, 100, 0.0, 0, 0.13090000000000002, 0.05919289228979331)]
    [InlineData("asymp_n100_shift", 17, 20000, 0.0, 18, 100, 0.4, 0, 0.16520000000000007, 0.007466796565450814)]
    [InlineData("asymp_pelzgood", 19, 250000, 0.0, 20, 250000, 0.0, 0, 0.0024359999999999937, 0.44768023005378044)]
    public void Test_GeneratedSamples_EqualsScipy(string name, int seedA, int nA, double muA, int seedB, int nB, double muB,
        double step, double expectedD, double expectedP)
    {
        var a = DriftData.Normals(seedA, nA, muA, 1.0, step == 0 ? null : step);
        var b = DriftData.Normals(seedB, nB, muB, 1.0, step == 0 ? null : step);

        var result = KolmogorovSmirnov.Test(a, b);

        Assert.False(string.IsNullOrEmpty(name));
        Expect.Close(expectedD, result.Statistic);
        Expect.Close(expectedP, result.PValue!.Value);
    }

    [Fact]
    public void Test_IdenticalSamples_DIsZeroAndPIsOne()
    {
        var a = DriftData.Normals(40, 50);
        var result = KolmogorovSmirnov.Test(a, a);
        Assert.Equal((0.0, 1.0), (result.Statistic, result.PValue!.Value));
    }
}
