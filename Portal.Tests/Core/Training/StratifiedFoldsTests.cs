using Portal.Core.Training;

namespace Portal.Tests.Core.Training;

/// <summary>
/// Cross-validation folds match scikit-learn's StratifiedKFold on the seeded row order (expected folds printed by
/// tools/reference/cv_folds.py with scikit-learn 1.2.1), keep each class spread evenly, and refuse what cannot be scored.
/// </summary>
public sealed class StratifiedFoldsTests
{
    private static readonly bool[] SmallLabels = Bools(1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 0);

    [Fact]
    public void Folds_MatchScikitLearn_Small()
    {
        var folds = StratifiedFolds.Assign(Enumerable.Range(0, 23).ToArray(), SmallLabels, folds: 5, seed: 1);

        Assert.Equal([1, 2, 3, 1, 4, 3, 2, 0, 2, 3, 2, 1, 4, 1, 0, 3, 0, 1, 2, 0, 0, 4, 4], folds);
    }

    [Fact]
    public void Folds_MatchScikitLearn_RowNumbersWithGaps()
    {
        int[] rows = [0, 2, 3, 5, 8, 9, 11, 12, 14, 15, 17, 20, 21, 24, 26, 27];
        var labels = Bools(1, 1, 1, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0);

        Assert.Equal([2, 1, 2, 0, 0, 2, 1, 1, 2, 1, 1, 0, 0, 2, 0, 0], StratifiedFolds.Assign(rows, labels, folds: 3, seed: 7));
    }

    [Fact]
    public void Folds_MatchScikitLearn_Balanced()
    {
        var labels = Enumerable.Range(0, 20).Select(i => i % 2 == 1).ToArray();

        Assert.Equal([2, 1, 2, 2, 3, 2, 0, 0, 2, 1, 1, 0, 3, 3, 3, 0, 1, 1, 0, 3],
            StratifiedFolds.Assign(Enumerable.Range(100, 20).ToArray(), labels, folds: 4, seed: 42));
    }

    [Theory]
    [InlineData(5, 1)]
    [InlineData(3, 99)]
    [InlineData(10, -4)]
    public void EveryFold_HoldsEachClassWithinOneRowOfTheOthers(int k, int seed)
    {
        var labels = Enumerable.Range(0, 437).Select(i => i % 7 == 0 || i % 11 == 0).ToArray();

        var folds = StratifiedFolds.Assign(Enumerable.Range(0, labels.Length).ToArray(), labels, k, seed);

        foreach (var cls in new[] { false, true })
        {
            var perFold = Enumerable.Range(0, k).Select(f => Enumerable.Range(0, labels.Length).Count(i => labels[i] == cls && folds[i] == f)).ToArray();
            Assert.True(perFold.Max() - perFold.Min() <= 1, $"class {cls}: {string.Join(", ", perFold)}");
        }
    }

    [Fact]
    public void AnotherSeed_GivesOtherFolds()
    {
        var rows = Enumerable.Range(0, 23).ToArray();

        Assert.NotEqual(StratifiedFolds.Assign(rows, SmallLabels, 5, seed: 1), StratifiedFolds.Assign(rows, SmallLabels, 5, seed: 2));
    }

    [Fact]
    public void TooFewRowsOfAClass_IsRefusedNamingFolds()
    {
        var labels = Bools(1, 0, 0, 1, 0, 0, 0, 1, 0, 0);

        var error = Assert.Throws<ArgumentException>(() => StratifiedFolds.Assign(Enumerable.Range(0, 10).ToArray(), labels, folds: 5, seed: 1));

        Assert.Equal("folds", error.ParamName);
        Assert.Contains("the smaller class has 3", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(21)]
    public void FoldsOutOfRange_AreRefused(int k) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => StratifiedFolds.Assign(Enumerable.Range(0, 23).ToArray(), SmallLabels, k, seed: 1));

    private static bool[] Bools(params int[] values) => values.Select(v => v == 1).ToArray();
}
