using System.Globalization;
using System.Text;
using System.Text.Json;
using Portal.Core.Datasets;

namespace Portal.Tests.Core.Datasets;

/// <summary>
/// The streaming profiler against the materialised reference (<see cref="DatasetProfiler"/>): equal on every sample CSV
/// with the default bound, and within the sketches' stated errors when a tiny bound forces every wide column through them.
/// </summary>
public sealed class StreamingProfilerTests
{
    public static TheoryData<string> Csvs()
    {
        var data = new TheoryData<string>();
        foreach (var folder in new[] { Path.Combine(TestPaths.RepoRoot, "samples"), Path.Combine(TestPaths.RepoRoot, "..", "shared", "datasets") })
            if (Directory.Exists(folder))
                foreach (var file in Directory.GetFiles(folder, "*.csv").Order(StringComparer.Ordinal))
                    data.Add(Path.GetFullPath(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Csvs))]
    public void Profile_SampleCsv_EqualsMaterialisedProfile(string path)
    {
        var expected = Reference(path);
        var actual = Streamed(path, StreamingProfiler.DefaultDistinctBound);

        Assert.Equal(JsonSerializer.Serialize(expected), JsonSerializer.Serialize(actual));
        Assert.DoesNotContain(actual.Columns, c => c.AnyEstimated);
    }

    [Theory]
    [MemberData(nameof(Csvs))]
    public void Profile_TinyDistinctBound_EstimatesWithinStatedErrors(string path)
    {
        const int bound = 40;
        var expected = Reference(path);
        var actual = Streamed(path, bound);
        var table = Read(path);

        Assert.Equal(expected.Rows, actual.Rows);
        var sketched = 0;
        for (var c = 0; c < expected.Columns.Count; c++)
        {
            var (e, a) = (expected.Columns[c], actual.Columns[c]);
            Assert.Equal(e.Missing, a.Missing);
            if (e.Distinct <= bound)
            {
                Assert.Equal(JsonSerializer.Serialize(e), JsonSerializer.Serialize(a));
                continue;
            }

            sketched++;
            Assert.True(a.DistinctEstimated);
            Assert.InRange(a.Distinct, e.Distinct * 0.97, e.Distinct * 1.03);
            Assert.Equal(e.Numeric is null, a.Numeric is null);
            if (e.Numeric is { } en)
            {
                var an = a.Numeric!;
                Assert.Equal(ColumnType.Numeric, a.Type);
                Assert.Equal(en.Min, an.Min);
                Assert.Equal(en.Max, an.Max);
                Assert.Equal(en.Mean, an.Mean, 1e-9 * Math.Max(1, Math.Abs(en.Mean)));
                Assert.Equal(en.Std, an.Std, 1e-9 * Math.Max(1, en.Std));
                var sorted = table.Column(c).Where(v => v is not null).Select(v => double.Parse(v!, CultureInfo.InvariantCulture)).Order().ToArray();
                AssertWithinRankError(sorted, an, a.QuantileRankError!.Value);
                Assert.True(a.HistogramEstimated);
                Assert.Equal(sorted.Length, a.Histogram!.Counts.Sum());
                Assert.Equal(e.Histogram!.Edges, a.Histogram.Edges);
            }
            else if (a.TopCategories is { } top)
            {
                Assert.True(a.TopCategoriesEstimated);
                var present = expected.Rows - e.Missing;
                var exact = table.Column(c).Where(v => v is not null).GroupBy(v => v!).ToDictionary(g => g.Key, g => g.Count());
                // Misra-Gries with 1024 counters: never above the true count, at most n/1025 below it.
                foreach (var category in top)
                    Assert.InRange(category.Count, exact[category.Value] - present / 1025, exact[category.Value]);
            }
        }

        Assert.True(sketched > 0, "The tiny bound should send at least one column of every sample through the sketches.");
    }

    [Fact]
    public void Profile_WideGeneratedColumns_QuantilesWithinRankErrorAndDistinctWithinThreePercent()
    {
        var random = new Random(5);
        var rows = new List<string?[]>();
        for (var i = 0; i < 300_000; i++)
        {
            var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            var skewed = Math.Exp(2 * random.NextDouble() * random.NextDouble() * 5);
            rows.Add([
                (100 + 15 * normal).ToString("R", CultureInfo.InvariantCulture),
                skewed.ToString("0.###", CultureInfo.InvariantCulture),
                "id-" + random.Next(1_000_000).ToString(CultureInfo.InvariantCulture),
                (i + 1).ToString(CultureInfo.InvariantCulture),
            ]);
        }

        var profiler = new StreamingProfiler(["normal", "skewed", "code", "row"], distinctBound: 1000);
        for (var i = 0; i < rows.Count; i++) profiler.Add(rows[i], i + 2);
        var profile = profiler.Complete();

        for (var c = 0; c < 4; c++)
        {
            var column = profile.Columns[c];
            var exactDistinct = rows.Select(r => r[c]).Distinct().Count();
            Assert.True(column.DistinctEstimated);
            Assert.InRange(column.Distinct, exactDistinct * 0.97, exactDistinct * 1.03);
        }

        foreach (var c in new[] { 0, 1, 3 })
        {
            var sorted = rows.Select(r => double.Parse(r[c]!, CultureInfo.InvariantCulture)).Order().ToArray();
            AssertWithinRankError(sorted, profile.Columns[c].Numeric!, profile.Columns[c].QuantileRankError!.Value);
        }

        Assert.Equal(ColumnType.Text, profile.Columns[2].Type);
        Assert.Contains(profile.Issues, i => i.Column == "row" && i.Message.Contains("identifier", StringComparison.Ordinal));
    }

    [Fact]
    public void Profile_DuplicatesBeyondRowHashBound_SaysRowsWereComparedOnlyWithTheFirst()
    {
        var profiler = new StreamingProfiler(["a", "b"], rowHashBound: 3);
        string?[][] rows = [["1", "x"], ["2", "y"], ["1", "x"], ["3", "z"], ["2", "y"], ["4", "w"], ["4", "w"]];
        for (var i = 0; i < rows.Length; i++) profiler.Add(rows[i], i + 2);

        var issue = Assert.Single(profiler.Complete().Issues, i => i.Column is null);

        // Rows 3 and 5 repeat rows among the first three; the second "4,w" comes after the bound and is not caught.
        Assert.Equal("2 rows are exact duplicates of an earlier row. Rows after the first 3 were compared only with those, so there may be more.", issue.Message);
    }

    /// <summary>Each reported quantile's true rank (the range of ranks its value holds in the sorted data) is within the stated error of q.</summary>
    private static void AssertWithinRankError(double[] sorted, NumericSummary summary, double rankError)
    {
        Assert.InRange(rankError, 0.001, 0.05);
        foreach (var (q, value) in new[] { (0.05, summary.P5), (0.25, summary.P25), (0.5, summary.P50), (0.75, summary.P75), (0.95, summary.P95) })
        {
            var below = LowerBound(sorted, value) / (double)sorted.Length;
            var atOrBelow = UpperBound(sorted, value) / (double)sorted.Length;
            Assert.True(q >= below - rankError && q <= atOrBelow + rankError,
                $"P{q * 100:0}: {value} holds ranks [{below:0.0000}, {atOrBelow:0.0000}], more than {rankError} from {q}.");
        }
    }

    private static int LowerBound(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (sorted[mid] < value) lo = mid + 1;
            else hi = mid;
        }

        return lo;
    }

    private static int UpperBound(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (sorted[mid] <= value) lo = mid + 1;
            else hi = mid;
        }

        return lo;
    }

    private static CsvTable Read(string path)
    {
        using var stream = File.OpenRead(path);
        return CsvTableReader.Read(stream);
    }

    private static DatasetProfile Reference(string path) => DatasetProfiler.Profile(Read(path));

    private static DatasetProfile Streamed(string path, int bound)
    {
        using var stream = File.OpenRead(path);
        using var reader = CsvRowReader.Open(stream);
        return StreamingProfiler.Profile(reader, bound);
    }
}
