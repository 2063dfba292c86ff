using System.Text.Json;
using Portal.Core.Performance;
using Portal.Core.Predictions;
using Portal.Core.Training;

namespace Portal.Tests.Core.Performance;

/// <summary>
/// The window's estimate and realized metrics computed with one calibration and one sort per version equal, bit for bit,
/// what each bucket computed on its own gave (<see cref="ReferenceEstimator"/>, <see cref="BinaryMetrics.Evaluate"/>).
/// </summary>
public sealed class WindowEstimationTests
{
    private static readonly DateTimeOffset Day = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly JsonSerializerOptions Json = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>Probabilities rounded to two places (many ties), some exactly 0.5, 0 and 1 and -0.0, over three days.</summary>
    private static List<PredictionOutcome> Outcomes(int n, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(i =>
        {
            var p = i % 50 == 7 ? 0.5 : i % 97 == 3 ? -0.0 : i % 89 == 5 ? 1.0 : Math.Round(random.NextDouble(), 2);
            string? label = random.NextDouble() < 0.4 ? (random.NextDouble() < p ? "yes" : "no") : null;
            return new PredictionOutcome(1 + i % 2, Day.AddSeconds(i * 259_200.0 / n), p, label);
        }).ToList();
    }

    private static EstimationReference Reference()
    {
        var random = new Random(3);
        var p = Enumerable.Range(0, 400).Select(_ => Math.Round(random.NextDouble(), 3)).ToArray();
        var y = p.Select(v => random.NextDouble() < v).ToArray();
        return EstimationReference.Fit(y, p)!;
    }

    [Theory]
    [InlineData(5000, 1, 1)]
    [InlineData(5000, 2, 24)]
    [InlineData(37, 3, 1)]
    public void Compute_ScoresOfAWindow_EqualsEachBucketEstimatedAlone(int rows, int seed, int bucketHours)
    {
        var outcomes = Outcomes(rows, seed);
        var reference = Reference();
        var bucket = TimeSpan.FromHours(bucketHours);
        var from = Day.AddHours(5);
        var to = Day.AddHours(60);
        var scores = ServedScores.Of(outcomes);

        foreach (var version in new[] { 1, 2 })
        {
            var expected = ReferenceEstimator.Compute(outcomes.Where(o => o.Version == version && o.At >= from && o.At < to).ToList(), reference, bucket);
            var actual = EstimatedPerformance.Compute(scores, version, from, to, reference, bucket);
            Assert.Equal(JsonSerializer.Serialize(expected, Json), JsonSerializer.Serialize(actual, Json));
        }
    }

    [Theory]
    [InlineData(5000, 4)]
    [InlineData(300, 5)]
    [InlineData(12, 6)]
    public void Metrics_LabelledRows_EqualEvaluatesMetrics(int rows, int seed)
    {
        var labelled = Outcomes(rows, seed).Where(o => o.TrueLabel is not null).ToList();
        Assert.NotEmpty(labelled);
        var actual = labelled.Select(o => o.TrueLabel == "yes").ToArray();
        var probability = labelled.Select(o => o.Probability).ToArray();

        var metrics = RealizedPerformance.Metrics(null, rows, actual, probability);
        var evaluated = BinaryMetrics.Evaluate(actual, probability, 0).Metrics;

        Assert.Equal(double.IsNaN(evaluated.Auc) ? null : evaluated.Auc, metrics.Auc);
        Assert.Equal(evaluated.F1, metrics.F1);
        Assert.Equal(evaluated.Brier, metrics.Brier);
        Assert.Equal(evaluated.Accuracy, metrics.Accuracy);
        Assert.Equal(evaluated.Precision, metrics.Precision);
        Assert.Equal(evaluated.Recall, metrics.Recall);
    }

    [Fact]
    public void Compute_RealizedOutcomesWithBuckets_EqualsTheReportFromEveryOutcome()
    {
        var outcomes = Outcomes(4000, 7);
        var from = Day.AddHours(3);
        var to = Day.AddHours(50);
        var served = outcomes.Where(o => o.At >= from && o.At < to)
            .GroupBy(o => (o.Version, Bucket: RealizedPerformance.BucketStart(o.At, RealizedPerformance.Hour)))
            .Select(g => new ServedCount(g.Key.Version, g.Key.Bucket, g.Count())).ToList();

        var expected = RealizedPerformance.Compute("m", outcomes, _ => "yes", from, to, RealizedPerformance.Hour);
        var actual = RealizedPerformance.Compute("m", new RealizedOutcomes(outcomes.Where(o => o.TrueLabel is not null).ToList(), served), _ => "yes", from, to, RealizedPerformance.Hour);

        Assert.Equal(JsonSerializer.Serialize(expected, Json), JsonSerializer.Serialize(actual, Json));
    }
}
