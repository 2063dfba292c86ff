namespace Portal.Core.Datasets;

/// <summary>
/// Reports how far a reader has got through a stream of known length (its position over its length) to an
/// <see cref="IProgress{T}"/>, at most once per <paramref name="minInterval"/>: the profiler calls <see cref="Check"/>
/// every few thousand rows, so a multi-GB pass costs a position read per batch, and the bar it feeds moves smoothly
/// without flooding the caller (a Blazor circuit re-renders on every report).
/// </summary>
public sealed class ReadProgress(Stream stream, IProgress<double> progress, TimeSpan minInterval, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private long _lastReport = long.MinValue;
    private double _lastFraction = -1;

    /// <summary>The default pace: a few reports a second.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>The share of the stream read so far, in [0, 1] (1 for an empty stream).</summary>
    public double Fraction
    {
        get
        {
            var length = stream.Length;
            return length <= 0 ? 1 : Math.Clamp((double)stream.Position / length, 0, 1);
        }
    }

    /// <summary>Reports the current fraction if the interval has passed since the last report and it has moved.</summary>
    public void Check()
    {
        var now = _time.GetTimestamp();
        if (_lastReport != long.MinValue && _time.GetElapsedTime(_lastReport, now) < minInterval) return;
        var fraction = Fraction;
        if (fraction <= _lastFraction) return;
        _lastReport = now;
        _lastFraction = fraction;
        progress.Report(fraction);
    }

    /// <summary>Reports 1: the pass is over (whatever the buffered position says).</summary>
    public void Done()
    {
        if (_lastFraction >= 1) return;
        _lastFraction = 1;
        progress.Report(1);
    }
}
