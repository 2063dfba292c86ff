using System.Runtime.InteropServices;

namespace Portal.Core.Datasets;

/// <summary>
/// One column of a <see cref="StreamingProfiler"/>: exact value counts while the column has at most <c>bound</c> distinct
/// values, then sketches (<see cref="HyperLogLog"/>, <see cref="MisraGries"/>, <see cref="KllSketch"/>,
/// <see cref="RunningMoments"/>) fed first from the counts and then cell by cell.
/// </summary>
internal sealed class ColumnAccumulator(string name, int bound)
{
    /// <summary>Counters kept for the top categories of a sketched column.</summary>
    private const int TopCapacity = 1024;

    private Dictionary<string, ValueTally>? _counts = new(StringComparer.Ordinal);
    private Sketches? _sketches;

    public string Name { get; } = name;
    public int Missing { get; private set; }
    public int Present { get; private set; }

    /// <summary>The exact counts, or null once the column has outgrown them.</summary>
    public Dictionary<string, ValueTally>? Counts => _counts;

    public Sketches? Sketched => _sketches;

    public void Add(string? value, int line)
    {
        if (value is null)
        {
            Missing++;
            return;
        }

        Present++;
        if (_counts is null)
        {
            _sketches!.Add(value, 1, line);
            return;
        }

        ref var tally = ref CollectionsMarshal.GetValueRefOrAddDefault(_counts, value, out var existed);
        if (!existed) tally.FirstLine = line;
        tally.Count++;
        if (_counts.Count > bound) Overflow();
    }

    private void Overflow()
    {
        var sketches = new Sketches(bound);
        foreach (var (value, tally) in _counts!) sketches.Add(value, tally.Count, tally.FirstLine);
        _sketches = sketches;
        _counts = null;
    }

    /// <summary>The state of a column past the bound.</summary>
    internal sealed class Sketches(int bound)
    {
        public HyperLogLog Distinct { get; } = new();
        public MisraGries Top { get; } = new(TopCapacity);
        public KllSketch Quantiles { get; } = new();
        public RunningMoments Moments { get; } = new();
        public int NumericCount { get; private set; }
        public bool AllIntegers { get; private set; } = true;
        public string? FirstNonNumber { get; private set; }
        public int FirstNonNumberLine { get; private set; } = int.MaxValue;

        /// <summary>At least bound + 1: the exact count passed the bound before the estimate took over.</summary>
        public long DistinctEstimate => Math.Max(Distinct.Estimate(), bound + 1L);

        public void Add(string value, int count, int line)
        {
            Distinct.Add(Fnv64.Of(value));
            Top.Add(value, count);
            if (ColumnTypeInference.TryParseNumber(value, out var x))
            {
                NumericCount += count;
                Moments.Add(x, count);
                for (var i = 0; i < count; i++) Quantiles.Add(x);
                if (x != Math.Floor(x)) AllIntegers = false;
            }
            else if (line < FirstNonNumberLine)
            {
                FirstNonNumber = value;
                FirstNonNumberLine = line;
            }
        }
    }
}
