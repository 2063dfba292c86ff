namespace Portal.Core.Predictions;

/// <summary>
/// Version, time (UTC ticks) and probability of a model's served predictions in a window, column by column in key
/// order: what performance estimation reads. Every prediction of the window, labelled or not, is in it (two million a
/// day for a busy model), so there is no object per row.
/// </summary>
public sealed class ServedScores(int count, int[] versions, long[] utcTicks, double[] probabilities)
{
    public static readonly ServedScores Empty = new(0, [], [], []);

    public int Count => count;

    /// <summary>The version of each row (the first <see cref="Count"/> entries are used).</summary>
    public ReadOnlySpan<int> Versions => versions.AsSpan(0, count);

    /// <summary>When each row was predicted, as <see cref="DateTimeOffset.UtcTicks"/>.</summary>
    public ReadOnlySpan<long> UtcTicks => utcTicks.AsSpan(0, count);

    public ReadOnlySpan<double> Probabilities => probabilities.AsSpan(0, count);

    /// <summary><paramref name="first"/>'s rows, then <paramref name="second"/>'s (two consecutive parts of a window).</summary>
    public static ServedScores Concat(ServedScores first, ServedScores second)
    {
        if (second.Count == 0) return first;
        if (first.Count == 0) return second;
        var n = first.Count + second.Count;
        var versions = new int[n];
        var ticks = new long[n];
        var probabilities = new double[n];
        first.Versions.CopyTo(versions);
        second.Versions.CopyTo(versions.AsSpan(first.Count));
        first.UtcTicks.CopyTo(ticks);
        second.UtcTicks.CopyTo(ticks.AsSpan(first.Count));
        first.Probabilities.CopyTo(probabilities);
        second.Probabilities.CopyTo(probabilities.AsSpan(first.Count));
        return new ServedScores(n, versions, ticks, probabilities);
    }

    /// <summary>The scores of outcomes read with their labels (<see cref="IPredictionStore.GetOutcomesAsync"/>), in their order.</summary>
    public static ServedScores Of(IReadOnlyList<PredictionOutcome> outcomes)
    {
        var n = outcomes.Count;
        var versions = new int[n];
        var ticks = new long[n];
        var probabilities = new double[n];
        for (var i = 0; i < n; i++)
        {
            versions[i] = outcomes[i].Version;
            ticks[i] = outcomes[i].At.UtcTicks;
            probabilities[i] = outcomes[i].Probability;
        }

        return new ServedScores(n, versions, ticks, probabilities);
    }
}
