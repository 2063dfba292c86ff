namespace Portal.Tests.Core.Drift;

/// <summary>
/// The C# twin of the generator in tools/reference/drift_reference.py: an LCG s &lt;- (1664525 s + 1013904223) mod 2^32,
/// u = s / 2^32, "normal" = mu + sigma * (sum of 12 u - 6). Only exact integer steps, one division and left-to-right
/// sums, so both sides produce the same doubles.
/// </summary>
internal sealed class DriftData(long seed)
{
    private ulong _state = (ulong)(seed % 4294967296L);

    public double U()
    {
        _state = (1664525UL * _state + 1013904223UL) % 4294967296UL;
        return _state / 4294967296.0;
    }

    public double Normal(double mu, double sigma)
    {
        var acc = 0.0;
        for (var i = 0; i < 12; i++) acc += U();
        return mu + sigma * (acc - 6.0);
    }

    public static double[] Normals(long seed, int n, double mu = 0, double sigma = 1, double? step = null)
    {
        var g = new DriftData(seed);
        var result = new double[n];
        for (var i = 0; i < n; i++)
        {
            var x = g.Normal(mu, sigma);
            result[i] = step is { } s ? Math.Floor(x / s) * s : x;
        }
        return result;
    }

    public static string?[] Categories(long seed, int n, double[] weights, string[] names)
    {
        var g = new DriftData(seed);
        var total = 0.0;
        foreach (var w in weights) total += w;
        var result = new string?[n];
        for (var i = 0; i < n; i++)
        {
            var x = g.U() * total;
            var acc = 0.0;
            result[i] = names[^1];
            for (var k = 0; k < weights.Length; k++)
            {
                acc += weights[k];
                if (x < acc)
                {
                    result[i] = names[k];
                    break;
                }
            }
        }
        return result;
    }
}
