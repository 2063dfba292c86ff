using Portal.Core.Datasets;

namespace Portal.Core.Training;

/// <summary>
/// The values a numeric feature took in the rows a version learned from (the labelled rows of its dataset), kept with
/// the version's schema. A value is <em>far outside</em> when it lies beyond <see cref="Min"/> or <see cref="Max"/> by more
/// than <see cref="MarginShare"/> of the span (max - min): a little past the edge is ordinary, -500 for a glucose
/// of 0..199 is not. A constant feature (span 0) has no margin: any other value is outside.
/// </summary>
public sealed record FeatureRange(double Min, double Max, double Mean, double Std, int Count)
{
    /// <summary>How far past an edge, as a share of the span, a value may lie before it is "far outside".</summary>
    public const double MarginShare = 0.1;

    /// <summary>The lowest value not far outside.</summary>
    public double Low => Min - MarginShare * (Max - Min);

    /// <summary>The highest value not far outside.</summary>
    public double High => Max + MarginShare * (Max - Min);

    /// <summary>True when <paramref name="value"/> lies far outside; a missing value (NaN) never does.</summary>
    public bool IsFarOutside(double value) => value < Low || value > High;

    /// <summary>The range of a column's cells that parse as numbers; null when none does.</summary>
    public static FeatureRange? Of(IEnumerable<string?> cells)
    {
        var range = new Accumulator();
        foreach (var cell in cells)
            if (cell is not null && ColumnTypeInference.TryParseNumber(cell, out var x)) range.Add(x);
        return range.Result();
    }

    /// <summary>The range taken one finite number at a time (a streamed pass over a file uses it as <see cref="Of"/> does).</summary>
    public sealed class Accumulator
    {
        private double _min = double.PositiveInfinity, _max = double.NegativeInfinity, _mean, _m2;
        private int _n;

        public void Add(double x)
        {
            if (!double.IsFinite(x)) return;
            _n++;
            if (x < _min) _min = x;
            if (x > _max) _max = x;
            // Welford: one pass, no cancellation on large values.
            var delta = x - _mean;
            _mean += delta / _n;
            _m2 += delta * (x - _mean);
        }

        public FeatureRange? Result() => _n == 0 ? null : new FeatureRange(_min, _max, _mean, _n > 1 ? Math.Sqrt(_m2 / (_n - 1)) : 0, _n);
    }
}
