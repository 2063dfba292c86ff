namespace Portal.Core.Training;

/// <summary>
/// The stratified, seeded, deterministic train/test split, reproducible outside .NET
/// (tools/reference/split.py implements it). Rows are numbered 0..n-1. For row i:
/// <c>key(i) = SplitMix64(seed * 0x9E3779B97F4A7C15 + i)</c>, all arithmetic modulo 2^64 with the seed taken as
/// a 64-bit two's-complement value, where <c>SplitMix64(x)</c> is
/// <c>z = x + 0x9E3779B97F4A7C15; z = (z ^ (z &gt;&gt; 30)) * 0xBF58476D1CE4E5B9; z = (z ^ (z &gt;&gt; 27)) * 0x94D049BB133111EB; return z ^ (z &gt;&gt; 31)</c>.
/// Within each class the rows are sorted by (key, i) and the first <c>floor(n_class * testFraction + 0.5)</c>
/// go to the test split.
/// </summary>
public static class DataSplit
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;

    /// <summary>The split training makes when the request names none; imports are evaluated on it too.</summary>
    public const double DefaultTestFraction = 0.2;
    public const int DefaultSeed = 1;

    public static ulong SplitMix64(ulong x)
    {
        unchecked
        {
            var z = x + Golden;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    public static ulong Key(int seed, int row) => unchecked(SplitMix64((ulong)(long)seed * Golden + (ulong)row));

    /// <summary>Rows of a class of <paramref name="classRows"/> rows that go to the test split (round half up).</summary>
    public static int TestCount(int classRows, double testFraction) => (int)Math.Floor(classRows * testFraction + 0.5);

    /// <summary>Splits rows 0..labels.Count-1; both index lists are ascending.</summary>
    public static (int[] Train, int[] Test) Split(IReadOnlyList<bool> labels, double testFraction, int seed)
    {
        var isTest = new bool[labels.Count];
        foreach (var cls in new[] { false, true })
        {
            var rows = Enumerable.Range(0, labels.Count).Where(i => labels[i] == cls)
                .Select(i => (Key: Key(seed, i), Row: i))
                .OrderBy(r => r.Key).ThenBy(r => r.Row)
                .ToArray();
            var take = TestCount(rows.Length, testFraction);
            for (var k = 0; k < take; k++) isTest[rows[k].Row] = true;
        }

        var train = Enumerable.Range(0, labels.Count).Where(i => !isTest[i]).ToArray();
        var test = Enumerable.Range(0, labels.Count).Where(i => isTest[i]).ToArray();
        return (train, test);
    }
}
