namespace Portal.Core.Statistics;

/// <summary>
/// Population stability index as Evidently's <c>psi</c> stat test: shares whose value is 0 become 0.0001
/// (<c>get_binned_data(feel_zeroes=True)</c>), then PSI = sum((ref - cur) * ln(ref / cur)). Drift when PSI &gt;= 0.1.
/// </summary>
public static class PopulationStability
{
    /// <summary>Evidently's default PSI threshold.</summary>
    public const double DefaultThreshold = 0.1;

    /// <summary>The value a zero share is replaced with.</summary>
    public const double ZeroShare = 0.0001;

    /// <summary>PSI of reference and current shares (same bins or categories, same order).</summary>
    public static double Index(ReadOnlySpan<double> referenceShares, ReadOnlySpan<double> currentShares)
    {
        if (referenceShares.Length != currentShares.Length) throw new ArgumentException("Shares must have the same length.");
        var psi = 0.0;
        for (var i = 0; i < referenceShares.Length; i++)
        {
            var r = referenceShares[i] == 0 ? ZeroShare : referenceShares[i];
            var c = currentShares[i] == 0 ? ZeroShare : currentShares[i];
            psi += (r - c) * Math.Log(r / c);
        }
        return psi;
    }
}
