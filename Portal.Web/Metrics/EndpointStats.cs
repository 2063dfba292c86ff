namespace Portal.Web.Metrics;

/// <summary>
/// Counters and a fixed-bucket latency histogram for one endpoint (route template and method), updated with
/// atomic operations only: memory stays the same however many requests arrive.
/// </summary>
public sealed class EndpointStats(string method, string endpoint)
{
    /// <summary>Upper bounds of the latency buckets in milliseconds (log-linear: 1-2-5 per decade); one more bucket holds the rest.</summary>
    public static readonly double[] BucketBoundsMs = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 30_000, 60_000];

    private readonly long[] _buckets = new long[BucketBoundsMs.Length + 1];
    private long _count;
    private long _clientErrors;
    private long _serverErrors;
    private long _totalMicroseconds;

    public string Method { get; } = method;
    public string Endpoint { get; } = endpoint;
    public long Count => Interlocked.Read(ref _count);
    public long ClientErrors => Interlocked.Read(ref _clientErrors);
    public long ServerErrors => Interlocked.Read(ref _serverErrors);
    public double TotalMilliseconds => Interlocked.Read(ref _totalMicroseconds) / 1000.0;

    public void Record(int status, double elapsedMs)
    {
        Interlocked.Increment(ref _count);
        if (status >= 500) Interlocked.Increment(ref _serverErrors);
        else if (status >= 400) Interlocked.Increment(ref _clientErrors);
        Interlocked.Add(ref _totalMicroseconds, (long)(elapsedMs * 1000));
        Interlocked.Increment(ref _buckets[BucketOf(elapsedMs)]);
    }

    /// <summary>A copy of the bucket counts (the last one is above the largest bound).</summary>
    public long[] Buckets()
    {
        var copy = new long[_buckets.Length];
        for (var i = 0; i < copy.Length; i++) copy[i] = Interlocked.Read(ref _buckets[i]);
        return copy;
    }

    /// <summary>
    /// The q-quantile of the latency, interpolated linearly inside the bucket that holds it (as Prometheus'
    /// histogram_quantile does); the open last bucket answers its lower bound. Null when nothing was recorded.
    /// </summary>
    public static double? Quantile(long[] buckets, double q)
    {
        var total = buckets.Sum();
        if (total == 0) return null;
        var rank = q * total;
        long below = 0;
        for (var i = 0; i < buckets.Length; i++)
        {
            if (buckets[i] > 0 && below + buckets[i] >= rank)
            {
                if (i == BucketBoundsMs.Length) return BucketBoundsMs[^1];
                var lower = i == 0 ? 0 : BucketBoundsMs[i - 1];
                var upper = BucketBoundsMs[i];
                return lower + (upper - lower) * (rank - below) / buckets[i];
            }

            below += buckets[i];
        }

        return BucketBoundsMs[^1];
    }

    private static int BucketOf(double elapsedMs)
    {
        for (var i = 0; i < BucketBoundsMs.Length; i++)
            if (elapsedMs <= BucketBoundsMs[i]) return i;
        return BucketBoundsMs.Length;
    }
}
