using Portal.Core.Drift;
using Portal.Core.Statistics;
using Portal.Tests.Core.Drift;

namespace Portal.Tests.Core.Statistics;

public sealed class RadixSortTests
{
    private static double[] ArraySorted(IEnumerable<double> values)
    {
        var copy = values.ToArray();
        Array.Sort(copy);
        return copy;
    }

    /// <summary>Same values in the same order under ==, and the same bit patterns (a permutation, nothing rewritten).</summary>
    private static void AssertSortedLikeArraySort(double[] input, double[] actual)
    {
        var expected = ArraySorted(input);
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++) Assert.True(expected[i] == actual[i], $"index {i}: expected {expected[i]:R}, got {actual[i]:R}");
        Assert.Equal(input.Select(BitConverter.DoubleToInt64Bits).Order(), actual.Select(BitConverter.DoubleToInt64Bits).Order());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(1000)]
    [InlineData(100_000)]
    public void Sort_RandomNormals_SameOrderAsArraySort(int n)
    {
        var values = DriftData.Normals(51, n, 0.5, 3.0);
        var sorted = (double[])values.Clone();

        RadixSort.Sort(sorted);

        AssertSortedLikeArraySort(values, sorted);
    }

    [Fact]
    public void Sort_SignedZerosDuplicatesInfinitiesAndExtremes_OrderedWithNegativeZeroFirst()
    {
        double[] specials =
        [
            -0.0, 0.0, double.PositiveInfinity, double.NegativeInfinity, double.MaxValue, double.MinValue, double.Epsilon,
            -double.Epsilon, 1e-310, -1e-310, 1.0, -1.0, 1.0, -1.0, 2.5, -2.5,
        ];
        var g = new DriftData(52);
        var values = Enumerable.Range(0, 5000).Select(_ => specials[(int)(g.U() * specials.Length)]).ToArray();
        var sorted = (double[])values.Clone();

        RadixSort.Sort(sorted);

        AssertSortedLikeArraySort(values, sorted);
        var zeros = sorted.Where(x => x == 0).ToArray();
        var negativeZeros = zeros.Count(double.IsNegative);
        Assert.True(negativeZeros > 0 && negativeZeros < zeros.Length);
        Assert.All(zeros.Take(negativeZeros), z => Assert.True(double.IsNegative(z)));
        Assert.All(zeros.Skip(negativeZeros), z => Assert.False(double.IsNegative(z)));
    }

    [Fact]
    public void Sort_SmallIntegersAndConstants_SkippedPassesStillSort()
    {
        var g = new DriftData(53);
        var integers = Enumerable.Range(0, 10_000).Select(_ => Math.Floor(g.U() * 16)).ToArray();
        var constant = Enumerable.Repeat(3.25, 1000).ToArray();
        var sortedIntegers = (double[])integers.Clone();
        var sortedConstant = (double[])constant.Clone();

        RadixSort.Sort(sortedIntegers);
        RadixSort.Sort(sortedConstant);

        AssertSortedLikeArraySort(integers, sortedIntegers);
        Assert.Equal(constant, sortedConstant);
    }

    [Fact]
    public void SortFinite_NaNAndInfinities_DroppedRestSorted()
    {
        var values = DriftData.Normals(54, 3000, 0, 2, 0.25);
        for (var i = 0; i < values.Length; i += 7) values[i] = double.NaN;
        for (var i = 3; i < values.Length; i += 11) values[i] = i % 2 == 0 ? double.PositiveInfinity : double.NegativeInfinity;

        var sorted = ReferenceProfile.SortFinite(values);

        AssertSortedLikeArraySort(values.Where(double.IsFinite).ToArray(), sorted);
    }

    [Fact]
    public void SortFinite_IntoLargerBuffer_CountAndPrefixSorted()
    {
        var values = DriftData.Normals(55, 500, 0, 1, 0.1);
        values[10] = double.NaN;
        var buffer = new double[1024];
        Array.Fill(buffer, -99.0);

        var count = ReferenceProfile.SortFinite(values, buffer);

        Assert.Equal(499, count);
        AssertSortedLikeArraySort(values.Where(double.IsFinite).ToArray(), buffer[..count]);
        Assert.All(buffer[values.Length..], x => Assert.Equal(-99.0, x));
    }

    [Fact]
    public void SortFinite_ManyValuesNoneFinite_Empty()
    {
        var values = Enumerable.Repeat(double.NaN, 500).Append(double.PositiveInfinity).ToArray();

        Assert.Empty(ReferenceProfile.SortFinite(values));
    }

    [Fact]
    public void Sort_NaN_Throws()
    {
        double[] values = [1.0, double.NaN, 0.5];

        Assert.Throws<ArgumentException>(() => RadixSort.Sort(values));
    }

    [Fact]
    public void SortFinite_ManyArraysInParallel_SameAsSequential()
    {
        // The second buffer comes from a shared pool: concurrent sorts must not see each other's data.
        var inputs = Enumerable.Range(0, 16).Select(i => DriftData.Normals(60 + i, 20_000 + i * 997, i, 1 + i)).ToArray();
        var sequential = inputs.Select(x => ReferenceProfile.SortFinite(x)).ToArray();
        var parallel = new double[inputs.Length][];

        Parallel.For(0, inputs.Length, i => parallel[i] = ReferenceProfile.SortFinite(inputs[i]));

        for (var i = 0; i < inputs.Length; i++) Assert.Equal(sequential[i], parallel[i]);
    }
}
