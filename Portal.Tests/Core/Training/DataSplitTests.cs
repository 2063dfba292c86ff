using Portal.Core.Training;

namespace Portal.Tests.Core.Training;

public class DataSplitTests
{
    private static bool[] Labels(string bits) => bits.Select(c => c == '1').ToArray();

    [Fact]
    public void SplitMix64_Zero_MatchesReference()
    {
        // The first output of SplitMix64 from state 0 (Vigna's reference), as tools/reference/split.py computes it.
        Assert.Equal(0xE220A8397B1DCDAFUL, DataSplit.SplitMix64(0));
    }

    [Fact]
    public void Key_MatchesPythonReference()
    {
        // Literals from tools/reference/split.py: row_key(1, 0), row_key(1, 1), row_key(-3, 5).
        Assert.Equal(7960286522194355700UL, DataSplit.Key(1, 0));
        Assert.Equal(13757245211066428519UL, DataSplit.Key(1, 1));
        Assert.Equal(7076546538826871074UL, DataSplit.Key(-3, 5));
    }

    [Theory]
    // Literals from: /usr/bin/python3 tools/reference/split.py LABELS FRACTION SEED
    [InlineData("11000100010001000001", 0.25, 7, new[] { 5, 6, 7, 13, 16, 18 })]
    [InlineData("0101010011100000000000000111", 0.2, -3, new[] { 1, 12, 14, 16, 17, 27 })]
    public void Split_SmallCase_MatchesPythonReference(string labels, double fraction, int seed, int[] expectedTest)
    {
        var (train, test) = DataSplit.Split(Labels(labels), fraction, seed);

        Assert.Equal(expectedTest, test);
        Assert.Equal(Enumerable.Range(0, labels.Length).Except(expectedTest), train);
    }

    [Fact]
    public void Split_IsStratified_EachClassRoundedHalfUp()
    {
        // 10 positives * 0.25 = 2.5 -> 3 (banker's rounding would give 2); 40 negatives * 0.25 = 10.
        var labels = Enumerable.Range(0, 50).Select(i => i % 5 == 0).ToArray();

        var (_, test) = DataSplit.Split(labels, 0.25, 3);

        Assert.Equal(3, test.Count(i => labels[i]));
        Assert.Equal(10, test.Count(i => !labels[i]));
    }

    [Fact]
    public void Split_SameSeed_SameRows_OtherSeed_OtherRows()
    {
        var labels = Enumerable.Range(0, 500).Select(i => i % 7 == 0).ToArray();

        var a = DataSplit.Split(labels, 0.2, 1).Test;
        var b = DataSplit.Split(labels, 0.2, 1).Test;
        var c = DataSplit.Split(labels, 0.2, 2).Test;

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Equal(a.Length, c.Length);
    }

    [Fact]
    public void Split_CreditData_SizesMatchPythonReference()
    {
        // tools/reference/sklearn_auc_same_split.py prints train=3563 test=891 for credit_data.
        var table = SampleTables.Sample("credit_data.csv");
        var status = table.IndexOf("Status");
        var labels = table.Rows.Select(r => r[status] == "bad").ToArray();

        var (train, test) = DataSplit.Split(labels, 0.2, 1);

        Assert.Equal(3563, train.Length);
        Assert.Equal(891, test.Length);
        Assert.Equal(DataSplit.TestCount(labels.Count(l => l), 0.2), test.Count(i => labels[i]));
    }
}
