namespace Portal.Core.Datasets;

/// <summary>
/// A streamed column's profile past the distinct bound: distinct count from <see cref="HyperLogLog"/>, top categories from
/// <see cref="MisraGries"/>, quantiles and histogram from <see cref="KllSketch"/> (min, max, mean and std stay exact up to
/// rounding, from <see cref="RunningMoments"/>). The profile flags each estimate.
/// </summary>
internal static class SketchedColumnProfile
{
    public static ColumnProfile Build(ColumnAccumulator column, int rows, List<DatasetIssue> issues)
    {
        var s = column.Sketched!;
        var present = column.Present;
        var distinct = s.DistinctEstimate;
        var type = ColumnTypeInference.InferFromCount(distinct, present, s.NumericCount == present);
        NumericSummary? summary = null;
        Histogram? histogram = null;
        IReadOnlyList<CategoryCount>? top = null;
        double? rankError = null;
        // Within the estimate's error of one distinct value per row.
        var nearlyAllDistinct = distinct >= (1 - 3 * HyperLogLog.StandardError) * present && present >= DatasetProfiler.MinIdentifierRows;
        bool identifier;
        if (type == ColumnType.Numeric)
        {
            var m = s.Moments;
            var q = s.Quantiles;
            summary = new NumericSummary(m.Min, m.Max, m.Mean, m.Std, q.Quantile(0.05), q.Quantile(0.25), q.Quantile(0.5), q.Quantile(0.75), q.Quantile(0.95));
            rankError = q.RankError;
            histogram = BuildHistogram(q, m.Min, m.Max, distinct);
            identifier = nearlyAllDistinct && s.AllIntegers && m.Max - m.Min == present - 1;
        }
        else
        {
            top = s.Top.Top(DatasetProfiler.MaxTopCategories).Select(kv => new CategoryCount(kv.Key, (int)kv.Value)).ToArray();
            identifier = nearlyAllDistinct && s.NumericCount == 0;
        }

        StreamedColumnIssues.Add(issues, new StreamedColumnFacts(
            column.Name, type, rows, present, column.Missing, distinct, DistinctEstimated: true,
            () => throw new InvalidOperationException("A sketched column has more than two values."), null, identifier,
            s.NumericCount, s.FirstNonNumber, s.FirstNonNumberLine));
        return new ColumnProfile(column.Name, type, column.Missing, (int)Math.Min(distinct, int.MaxValue), summary, top, histogram,
            DistinctEstimated: true, QuantileRankError: rankError, TopCategoriesEstimated: top is not null, HistogramEstimated: histogram is not null);
    }

    /// <summary>The reference's bins (equal width over [min, max], the last closed) filled with the sketch's weighted items.</summary>
    private static Histogram BuildHistogram(KllSketch sketch, double min, double max, long distinct)
    {
        if (min == max) return new Histogram([min - 0.5, max + 0.5], [checked((int)sketch.Count)]);
        var bins = (int)Math.Min(DatasetProfiler.MaxHistogramBins, distinct);
        var width = (max - min) / bins;
        var edges = new double[bins + 1];
        for (var i = 0; i < bins; i++) edges[i] = min + i * width;
        edges[bins] = max;
        var counts = new int[bins];
        foreach (var (x, weight) in sketch.Items())
        {
            var k = (int)((x - min) / width);
            counts[Math.Clamp(k, 0, bins - 1)] += (int)weight;
        }

        return new Histogram(edges, counts);
    }
}
