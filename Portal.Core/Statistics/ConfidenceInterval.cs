namespace Portal.Core.Statistics;

/// <summary>A two-sided interval [Lower, Upper] for an estimate (a rate, an AUC, a difference).</summary>
public readonly record struct ConfidenceInterval(double Lower, double Upper)
{
    /// <summary>The interval that says nothing (no data yet).</summary>
    public static ConfidenceInterval Unbounded => new(double.NegativeInfinity, double.PositiveInfinity);

    /// <summary>True when the interval holds <paramref name="value"/> (bounds included).</summary>
    public bool Contains(double value) => value >= Lower && value <= Upper;
}
