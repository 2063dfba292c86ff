namespace Portal.Core.Datasets;

/// <summary>Count, min, max, mean and sample standard deviation in one pass (Welford's update, stable on large values).</summary>
public sealed class RunningMoments
{
    private double _mean;
    private double _m2;

    public long Count { get; private set; }
    public double Min { get; private set; } = double.PositiveInfinity;
    public double Max { get; private set; } = double.NegativeInfinity;
    public double Mean => _mean;

    /// <summary>With n - 1 in the denominator, as pandas; 0 for a single value.</summary>
    public double Std => Count > 1 ? Math.Sqrt(_m2 / (Count - 1)) : 0;

    /// <summary>Adds <paramref name="x"/> <paramref name="count"/> times (Chan et al.'s merge of a constant batch).</summary>
    public void Add(double x, long count = 1)
    {
        if (count <= 0) return;
        if (x < Min) Min = x;
        if (x > Max) Max = x;
        var n = Count + count;
        var delta = x - _mean;
        _mean += delta * count / n;
        _m2 += delta * delta * Count * count / n;
        Count = n;
    }
}
