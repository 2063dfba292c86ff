using Portal.Core.Statistics;

namespace Portal.Tests.Core.Statistics;

/// <summary>
/// Expected values: statsmodels 0.13.5 <c>mcnemar(table, exact=True)</c> and <c>mcnemar(table, exact=False, correction=True)</c>,
/// printed by tools/reference/rollout_statistics_reference.py (table [[500, b], [c, 80]]).
/// </summary>
public sealed class McNemarTests
{
    [Theory]
    // b (champion only), c (candidate only), exact statistic, exact p, chi-square statistic, chi-square p
    [InlineData(3, 9, 3.0, 0.14599609375, 2.0833333333333335, 0.14891467317876161)]
    [InlineData(10, 14, 10.0, 0.5412561893463135, 0.375, 0.5402913746074198)]
    [InlineData(12, 13, 12.0, 1.0, 0.0, 1.0)]
    [InlineData(5, 5, 5.0, 1.0, 0.1, 0.7518296340458492)]
    [InlineData(0, 30, 0.0, 1.862645149230957e-09, 28.033333333333335, 1.1924366854416797e-07)]
    [InlineData(40, 60, 40.0, 0.05688793364098088, 3.61, 0.05743311963200335)]
    [InlineData(150, 90, 90.0, 0.00012987667540779012, 14.504166666666666, 0.0001398498746272035)]
    [InlineData(1000, 1100, 1000.0, 0.030720707864242486, 4.667142857142857, 0.030745034758993192)]
    [InlineData(7, 0, 0.0, 0.015625, 5.142857142857143, 0.02334220201289086)]
    public void ExactAndChiSquare_DiscordantCounts_EqualStatsmodels(long b, long c, double exactStat, double exactP, double chiStat, double chiP)
    {
        var exact = McNemarTest.ExactTest(b, c);
        var chi = McNemarTest.ChiSquareTest(b, c);

        Assert.True(exact.Exact);
        Expect.Close(exactStat, exact.Statistic);
        Expect.Close(exactP, exact.PValue);
        Assert.False(chi.Exact);
        Expect.Close(chiStat, chi.Statistic);
        Expect.Close(chiP, chi.PValue);
    }

    [Theory]
    [InlineData(10, 14, true)]
    [InlineData(12, 13, false)]
    [InlineData(0, 0, true)]
    [InlineData(150, 90, false)]
    public void Test_DiscordantCount_ExactBelow25(long b, long c, bool exact)
    {
        var result = McNemarTest.Test(b, c);

        Assert.Equal(exact, result.Exact);
        Assert.Equal(exact ? McNemarTest.ExactTest(b, c) : McNemarTest.ChiSquareTest(b, c), result);
    }

    [Fact]
    public void Test_NoDisagreement_PIsOneInBothForms()
    {
        Assert.Equal((0.0, 1.0), (McNemarTest.ExactTest(0, 0).Statistic, McNemarTest.ExactTest(0, 0).PValue));
        Assert.Equal((0.0, 1.0), (McNemarTest.ChiSquareTest(0, 0).Statistic, McNemarTest.ChiSquareTest(0, 0).PValue));
    }

    [Fact]
    public void Test_Table_ReadsTheOffDiagonal()
    {
        var result = McNemarTest.Test(new long[,] { { 500, 40 }, { 60, 80 } });

        Assert.Equal((40L, 60L, 100L), (result.ChampionOnly, result.CandidateOnly, result.Discordant));
        Expect.Close(0.05743311963200335, result.PValue);
    }

    [Fact]
    public void Test_PairedCorrectness_CountsOnlyDisagreements()
    {
        bool[] champion = [true, true, false, false, true, false, true];
        bool[] candidate = [true, false, true, true, true, false, false];

        var result = McNemarTest.Test(champion, candidate);

        Assert.Equal((2L, 2L), (result.ChampionOnly, result.CandidateOnly));
        Assert.True(result.Exact);
        Assert.Equal(1.0, result.PValue);
    }

    [Fact]
    public void Test_BadInput_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => McNemarTest.Test(-1, 3));
        Assert.Throws<ArgumentException>(() => McNemarTest.Test(new long[,] { { 1, 2, 3 } }));
        Assert.Throws<ArgumentException>(() => McNemarTest.Test([true], [true, false]));
    }
}
