using System.Numerics;

namespace Portal.Core.Datasets;

/// <summary>
/// Distinct-count estimate (Flajolet et al. 2007) over 2^14 one-byte registers (16 KB): standard error 1.04/sqrt(2^14) =
/// 0.8%, with linear counting below 2.5 x 2^14 distinct values where the raw estimate is biased. Mergeable by register max.
/// </summary>
public sealed class HyperLogLog
{
    private const int Precision = 14;
    private const int Registers = 1 << Precision;

    /// <summary>The relative standard error of <see cref="Estimate"/>.</summary>
    public const double StandardError = 1.04 / 128;

    private readonly byte[] _registers = new byte[Registers];

    public void Add(ulong hash)
    {
        var index = (int)(hash >> (64 - Precision));
        // The remaining bits, with a sentinel so the rank is at most 64 - Precision + 1.
        var rest = (hash << Precision) | (1UL << (Precision - 1));
        var rank = (byte)(BitOperations.LeadingZeroCount(rest) + 1);
        if (rank > _registers[index]) _registers[index] = rank;
    }

    public void Merge(HyperLogLog other)
    {
        for (var i = 0; i < Registers; i++)
            if (other._registers[i] > _registers[i]) _registers[i] = other._registers[i];
    }

    public long Estimate()
    {
        double sum = 0;
        var zeros = 0;
        foreach (var r in _registers)
        {
            sum += Math.ScaleB(1.0, -r);
            if (r == 0) zeros++;
        }

        const double alpha = 0.7213 / (1 + 1.079 / Registers);
        var raw = alpha * Registers * (double)Registers / sum;
        if (raw <= 2.5 * Registers && zeros > 0) raw = Registers * Math.Log((double)Registers / zeros);
        return (long)Math.Round(raw);
    }
}
