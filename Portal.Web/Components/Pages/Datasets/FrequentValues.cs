using Portal.Core.Datasets;

namespace Portal.Web.Components.Pages.Datasets;

/// <summary>
/// Whether a text column's "top" values say anything. In an all-distinct column (an identifier, free text) every value
/// occurs once: the exact profile lists five arbitrary values with count 1, and past the exact bound Misra-Gries keeps
/// counters of 1 or so; a list or bar chart of them looks like data but is noise, so the page shows a hint instead.
/// </summary>
public static class FrequentValues
{
    /// <summary>Distinct values at or above this share of the non-missing ones make a column "nearly all distinct".</summary>
    public const double NearlyAllDistinct = 0.9;

    /// <summary>True when the column has top values and they are worth listing (see the class remarks).</summary>
    public static bool Meaningful(ColumnProfile column, int rows)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (column.TopCategories is not { Count: > 0 } top) return false;
        return !NearlyDistinct(column, rows) && top.Any(c => c.Count > 1);
    }

    /// <summary>Distinct values (estimated or exact) at least <see cref="NearlyAllDistinct"/> of the non-missing ones, over a handful of rows.</summary>
    public static bool NearlyDistinct(ColumnProfile column, int rows)
    {
        ArgumentNullException.ThrowIfNull(column);
        var present = rows - column.Missing;
        // Three rows, as the profiler's identifier check: two distinct values out of two say nothing.
        return present >= 3 && column.Distinct >= NearlyAllDistinct * present;
    }
}
