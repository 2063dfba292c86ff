using Portal.Core.Predictions;
using Portal.Core.Statistics;
using Portal.Core.Training;

namespace Portal.Core.Performance;

/// <summary>
/// Realized performance from labelled predictions: per version, and per bucket of the prediction time (buckets aligned to
/// the Unix epoch in UTC), with <see cref="BinaryMetrics"/> so the numbers mean what the training metrics mean.
/// </summary>
public static class RealizedPerformance
{
    public static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    public static readonly TimeSpan Day = TimeSpan.FromDays(1);

    /// <summary>"1h" or "1d" (null: 1d); false for anything else.</summary>
    public static bool TryParseBucket(string? text, out TimeSpan bucket)
    {
        bucket = text switch
        {
            null or "" or "1d" => Day,
            "1h" => Hour,
            _ => TimeSpan.Zero,
        };
        return bucket != TimeSpan.Zero;
    }

    /// <param name="positiveClass">The positive class of each version (a label equal to it is a positive outcome).</param>
    public static PerformanceReport Compute(string model, IReadOnlyList<PredictionOutcome> outcomes, Func<int, string> positiveClass,
        DateTimeOffset from, DateTimeOffset to, TimeSpan bucket)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(bucket, TimeSpan.Zero);
        var versions = outcomes
            .Where(o => o.At >= from && o.At < to)
            .GroupBy(o => o.Version)
            .OrderBy(g => g.Key)
            .Select(g =>
            {
                var positive = positiveClass(g.Key);
                var buckets = g.GroupBy(o => BucketStart(o.At, bucket))
                    .OrderBy(b => b.Key)
                    .Select(b => Metrics(b.Key, b.ToList(), positive))
                    .ToList();
                return new VersionPerformance(g.Key, Metrics(null, g.ToList(), positive), buckets) { Calibration = Calibration(g, positive) };
            })
            .ToList();
        return new PerformanceReport(model, from, to, bucket, versions);
    }

    /// <summary>
    /// The same report as <see cref="Compute(string, IReadOnlyList{PredictionOutcome}, Func{int, string}, DateTimeOffset, DateTimeOffset, TimeSpan)"/>
    /// from the labelled outcomes and the served counts only (unlabelled rows add nothing to the metrics but their count).
    /// A version's rows are sorted by probability once (<see cref="ScoreOrder"/>); each bucket's order is taken from it.
    /// </summary>
    public static PerformanceReport Compute(string model, RealizedOutcomes outcomes, Func<int, string> positiveClass,
        DateTimeOffset from, DateTimeOffset to, TimeSpan bucket)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(bucket, TimeSpan.Zero);
        var labelled = outcomes.Labelled.Where(o => o.At >= from && o.At < to).ToLookup(o => o.Version);
        var versions = outcomes.Served
            .Where(c => c.Predictions > 0)
            .GroupBy(c => c.Version)
            .OrderBy(g => g.Key)
            .Select(g =>
            {
                var positive = positiveClass(g.Key);
                var rows = labelled[g.Key].ToList();
                var actual = new bool[rows.Count];
                var probability = new double[rows.Count];
                for (var i = 0; i < rows.Count; i++)
                {
                    actual[i] = rows[i].TrueLabel == positive;
                    probability[i] = rows[i].Probability;
                }

                var servedBuckets = g.GroupBy(c => c.Bucket).OrderBy(b => b.Key).ToList();
                var ordinal = new Dictionary<DateTimeOffset, int>(servedBuckets.Count);
                foreach (var b in servedBuckets) ordinal[b.Key] = ordinal.Count;
                // Labelled rows of a bucket with no served count (none in practice: a label's prediction was counted) go to an extra group, unused.
                var group = new int[rows.Count];
                for (var i = 0; i < rows.Count; i++) group[i] = ordinal.GetValueOrDefault(BucketStart(rows[i].At, bucket), servedBuckets.Count);
                var order = ScoreOrder.Descending(probability);
                var rowsByBucket = RowsOf(group, servedBuckets.Count + 1);
                var orderByBucket = ScoreOrder.Split(order, group, servedBuckets.Count + 1);
                var buckets = servedBuckets
                    .Select((b, k) => Metrics(b.Key, (int)b.Sum(c => c.Predictions), actual, probability, rowsByBucket[k], orderByBucket[k]))
                    .ToList();
                var all = Enumerable.Range(0, rows.Count).ToArray();
                return new VersionPerformance(g.Key, Metrics(null, (int)g.Sum(c => c.Predictions), actual, probability, all, order), buckets)
                {
                    Calibration = Calibration(rows, positive),
                };
            })
            .ToList();
        return new PerformanceReport(model, from, to, bucket, versions);
    }

    /// <summary>The rows of each group (0 to <paramref name="groups"/> - 1), in row order.</summary>
    internal static int[][] RowsOf(ReadOnlySpan<int> group, int groups)
    {
        var sizes = new int[groups];
        foreach (var g in group) sizes[g]++;
        var result = new int[groups][];
        for (var g = 0; g < groups; g++) result[g] = new int[sizes[g]];
        Array.Clear(sizes);
        for (var i = 0; i < group.Length; i++) result[group[i]][sizes[group[i]]++] = i;
        return result;
    }

    private static RealizedMetrics Metrics(DateTimeOffset? start, int predictions, List<PredictionOutcome> labelled, string positiveClass) =>
        Metrics(start, predictions, labelled.Select(o => o.TrueLabel == positiveClass).ToArray(), labelled.Select(o => o.Probability).ToArray());

    /// <summary>The reliability diagram of the labelled outcomes (probability as logged against true label == positive class); null when none is labelled.</summary>
    public static ReliabilityDiagram? Calibration(IEnumerable<PredictionOutcome> outcomes, string positiveClass)
    {
        var labelled = outcomes.Where(o => o.TrueLabel is not null).ToList();
        if (labelled.Count == 0) return null;
        return ReliabilityDiagram.Of(labelled.Select(o => Math.Clamp(o.Probability, 0, 1)).ToArray(), labelled.Select(o => o.TrueLabel == positiveClass).ToArray());
    }

    public static DateTimeOffset BucketStart(DateTimeOffset at, TimeSpan bucket)
    {
        var ticks = at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return DateTimeOffset.UnixEpoch.AddTicks(ticks - (((ticks % bucket.Ticks) + bucket.Ticks) % bucket.Ticks));
    }

    /// <summary>The realized metrics of a set of predictions of one version.</summary>
    public static RealizedMetrics Metrics(DateTimeOffset? start, IReadOnlyList<PredictionOutcome> outcomes, string positiveClass)
    {
        var labelled = outcomes.Where(o => o.TrueLabel is not null).ToList();
        var actual = labelled.Select(o => o.TrueLabel == positiveClass).ToArray();
        return Metrics(start, outcomes.Count, actual, labelled.Select(o => o.Probability).ToArray());
    }

    /// <summary>
    /// The realized metrics of <paramref name="predictions"/> predictions of which these are the labelled ones: whether each
    /// row's true label is the positive class, and its probability (a rollout's arms read their rows this way).
    /// </summary>
    public static RealizedMetrics Metrics(DateTimeOffset? start, int predictions, IReadOnlyList<bool> actual, IReadOnlyList<double> probability)
    {
        if (actual.Count != probability.Count) throw new ArgumentException("One probability per row is needed.", nameof(probability));
        var scores = probability as double[] ?? probability.ToArray();
        return Metrics(start, predictions, actual as bool[] ?? actual.ToArray(), scores, Enumerable.Range(0, scores.Length).ToArray(), ScoreOrder.Descending(scores));
    }

    /// <summary>
    /// The realized metrics of the labelled rows <paramref name="rows"/> (indices into the columns, in row order) of
    /// <paramref name="predictions"/> predictions, <paramref name="descending"/> the same rows by probability, highest first.
    /// </summary>
    private static RealizedMetrics Metrics(DateTimeOffset? start, int predictions, ReadOnlySpan<bool> actual, ReadOnlySpan<double> probability,
        ReadOnlySpan<int> rows, ReadOnlySpan<int> descending)
    {
        var coverage = predictions == 0 ? 0 : (double)rows.Length / predictions;
        if (rows.Length == 0) return new RealizedMetrics(start, predictions, 0, coverage, null, null, null, null);
        var m = BinaryMetrics.Realized(actual, probability, rows, descending);
        return new RealizedMetrics(start, predictions, rows.Length, coverage, double.IsNaN(m.Auc) ? null : m.Auc, m.F1, m.Brier, m.Accuracy)
        {
            Precision = m.Precision,
            Recall = m.Recall,
        };
    }
}
