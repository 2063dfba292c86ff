using Portal.Core.Statistics;

namespace Portal.Tests.Core.Statistics;

public sealed class ScoreOrderTests
{
    /// <summary>Ties, both zeros, NaN, infinities, negatives and subnormals: every case the comparer treats specially.</summary>
    private static double[] Scores(int n, int seed)
    {
        var random = new Random(seed);
        double[] special = [0.0, -0.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, -1.5, double.Epsilon, -double.Epsilon, 1.0, 0.5];
        return Enumerable.Range(0, n).Select(_ => random.Next(4) == 0 ? special[random.Next(special.Length)] : Math.Round(random.NextDouble() * 2 - 0.5, 2)).ToArray();
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    [InlineData(50, 3)]
    [InlineData(20_000, 4)]
    public void Descending_AnyScores_IsLinqsStableOrderByDescending(int n, int seed)
    {
        var scores = Scores(n, seed);

        Assert.Equal(Enumerable.Range(0, n).OrderByDescending(i => scores[i]).ToArray(), ScoreOrder.Descending(scores));
    }

    [Fact]
    public void Split_ByGroup_IsEachGroupSortedAlone()
    {
        var scores = Scores(5000, 5);
        var group = Enumerable.Range(0, scores.Length).Select(i => i * 7 % 3).ToArray();

        var split = ScoreOrder.Split(ScoreOrder.Descending(scores), group, 3);

        for (var g = 0; g < 3; g++)
        {
            var rows = Enumerable.Range(0, scores.Length).Where(i => group[i] == g).ToArray();
            Assert.Equal(rows.OrderByDescending(i => scores[i]).ToArray(), split[g]);
        }
    }
}
