using Portal.Core.Performance;
using Portal.Core.Predictions;

namespace Portal.Tests.Core.Performance;

/// <summary>Expected values from scikit-learn 1.x: tools/reference/realized_performance_reference.py.</summary>
public sealed class RealizedPerformanceTests
{
    private static readonly DateTimeOffset Day1 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static List<PredictionOutcome> Outcomes()
    {
        var list = new List<PredictionOutcome>();
        void Add(DateTimeOffset day, int[] y, double[] p)
        {
            for (var i = 0; i < y.Length; i++) list.Add(new PredictionOutcome(1, day.AddHours(i), p[i], y[i] == 1 ? "bad" : "good"));
        }

        Add(Day1, [1, 0, 1, 1, 0, 0, 1, 0], [0.9, 0.3, 0.6, 0.4, 0.45, 0.7, 0.8, 0.2]);
        Add(Day1.AddDays(1), [1, 1, 0, 0], [0.55, 0.65, 0.5, 0.1]);
        Add(Day1.AddDays(2), [1, 1], [0.7, 0.4]);
        // Unlabelled predictions: two on day 1, two on day 3 (coverage), and one of version 2.
        list.Add(new PredictionOutcome(1, Day1.AddHours(20), 0.5, null));
        list.Add(new PredictionOutcome(1, Day1.AddHours(21), 0.5, null));
        list.Add(new PredictionOutcome(1, Day1.AddDays(2).AddHours(5), 0.5, null));
        list.Add(new PredictionOutcome(1, Day1.AddDays(2).AddHours(6), 0.5, null));
        list.Add(new PredictionOutcome(2, Day1.AddHours(3), 0.9, null));
        return list;
    }

    private static PerformanceReport Compute() =>
        RealizedPerformance.Compute("m", Outcomes(), _ => "bad", Day1, Day1.AddDays(7), RealizedPerformance.Day);

    [Fact]
    public void Compute_DailyBuckets_MatchScikitLearn()
    {
        var v1 = Compute().Versions.Single(v => v.Version == 1);
        Assert.Equal([Day1, Day1.AddDays(1), Day1.AddDays(2)], v1.Buckets.Select(b => b.Start!.Value));

        var day1 = v1.Buckets[0];
        Assert.Equal(0.8125, day1.Auc!.Value, 12);
        Assert.Equal(0.75, day1.F1!.Value, 12);
        Assert.Equal(0.17406249999999998, day1.Brier!.Value, 12);
        Assert.Equal(0.75, day1.Accuracy!.Value, 12);

        var day2 = v1.Buckets[1];
        Assert.Equal(1.0, day2.Auc!.Value, 12);
        Assert.Equal(0.8, day2.F1!.Value, 12);
        Assert.Equal(0.14625, day2.Brier!.Value, 12);
        Assert.Equal(0.75, day2.Accuracy!.Value, 12);
    }

    [Fact]
    public void Compute_BucketWithOneClass_AucIsNullOtherMetricsSet()
    {
        var day3 = Compute().Versions.Single(v => v.Version == 1).Buckets[2];
        Assert.Null(day3.Auc);
        Assert.Equal(0.6666666666666666, day3.F1!.Value, 12);
        Assert.Equal(0.225, day3.Brier!.Value, 12);
        Assert.Equal(0.5, day3.Accuracy!.Value, 12);
    }

    [Fact]
    public void Compute_Totals_MatchScikitLearnAndCountCoverage()
    {
        var report = Compute();
        var total = report.Versions.Single(v => v.Version == 1).Total;
        Assert.Equal(0.8020833333333333, total.Auc!.Value, 12);
        Assert.Equal(0.75, total.F1!.Value, 12);
        Assert.Equal(0.17339285714285713, total.Brier!.Value, 12);
        Assert.Equal(0.7142857142857143, total.Accuracy!.Value, 12);
        Assert.Equal(18, total.Predictions);
        Assert.Equal(14, total.Labelled);
        Assert.Equal(14.0 / 18, total.Coverage, 12);

        var v1 = report.Versions.Single(v => v.Version == 1);
        Assert.Equal(8.0 / 10, v1.Buckets[0].Coverage, 12);
        Assert.Equal(2.0 / 4, v1.Buckets[2].Coverage, 12);
    }

    [Fact]
    public void Compute_VersionWithoutLabels_ZeroCoverageAndNullMetrics()
    {
        var v2 = Compute().Versions.Single(v => v.Version == 2);
        Assert.Equal(1, v2.Total.Predictions);
        Assert.Equal(0, v2.Total.Labelled);
        Assert.Equal(0, v2.Total.Coverage);
        Assert.Null(v2.Total.Auc);
        Assert.Null(v2.Total.F1);
    }

    [Fact]
    public void Compute_HourlyBuckets_AlignToTheHour()
    {
        var report = RealizedPerformance.Compute("m", Outcomes(), _ => "bad", Day1, Day1.AddDays(1), RealizedPerformance.Hour);
        var v1 = report.Versions.Single(v => v.Version == 1);
        Assert.Equal(10, v1.Buckets.Count);
        Assert.All(v1.Buckets, b => Assert.Equal(0, b.Start!.Value.Minute));
    }

    [Fact]
    public void Compute_OutsideWindow_LeftOut()
    {
        var report = RealizedPerformance.Compute("m", Outcomes(), _ => "bad", Day1.AddDays(1), Day1.AddDays(2), RealizedPerformance.Day);
        Assert.Equal(4, report.Versions.Single().Total.Predictions);
    }

    [Theory]
    [InlineData(null, 24)]
    [InlineData("1d", 24)]
    [InlineData("1h", 1)]
    public void TryParseBucket_Known_ReturnsSize(string? text, int hours)
    {
        Assert.True(RealizedPerformance.TryParseBucket(text, out var bucket));
        Assert.Equal(TimeSpan.FromHours(hours), bucket);
    }

    [Fact]
    public void TryParseBucket_Unknown_False() => Assert.False(RealizedPerformance.TryParseBucket("5m", out _));
}
