namespace Portal.Web.Components.Pages.Models;

/// <summary>Which values of a Compare row are the best: the highest, or the lowest where lower is better (Brier, log-loss).</summary>
public static class CompareBest
{
    /// <summary>
    /// One flag per value. Values are compared as shown (three decimals), so a tie on screen is a tie here; a row where
    /// every value is the same marks none (nothing to choose between), and values that are not numbers are never best.
    /// </summary>
    public static bool[] Marks(IReadOnlyList<double> values, bool lowerIsBetter)
    {
        var shown = values.Select(v => double.IsFinite(v) ? Math.Round(v, 3, MidpointRounding.AwayFromZero) : (double?)null).ToArray();
        var finite = shown.OfType<double>().ToList();
        if (finite.Count < 2 || finite.Distinct().Count() == 1) return new bool[values.Count];
        var best = lowerIsBetter ? finite.Min() : finite.Max();
        return shown.Select(v => v == best).ToArray();
    }
}
