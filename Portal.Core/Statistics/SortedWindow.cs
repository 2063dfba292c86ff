using System.Buffers;

namespace Portal.Core.Statistics;

/// <summary>
/// A current window's finite values sorted into a pooled buffer, returned to the pool on dispose. A drift run sorts
/// every numeric feature of a window of up to millions of rows and drops the result right after; fresh 8 MB arrays each
/// time cost page faults and gen-2 collections comparable to the sort itself.
/// </summary>
internal ref struct SortedWindow : IDisposable
{
    private double[]? _buffer;

    private SortedWindow(double[] buffer, int count)
    {
        _buffer = buffer;
        Values = buffer.AsSpan(0, count);
    }

    /// <summary>The sorted finite values (NaN and ±infinity dropped).</summary>
    public ReadOnlySpan<double> Values { get; }

    public static SortedWindow Of(ReadOnlySpan<double> values)
    {
        var buffer = ArrayPool<double>.Shared.Rent(Math.Max(values.Length, 1));
        return new SortedWindow(buffer, RadixSort.SortFinite(values, buffer));
    }

    public void Dispose()
    {
        if (_buffer is null) return;
        ArrayPool<double>.Shared.Return(_buffer);
        _buffer = null;
    }
}
