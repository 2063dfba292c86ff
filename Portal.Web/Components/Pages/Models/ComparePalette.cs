using Portal.Web.Components.Shared;

namespace Portal.Web.Components.Pages.Models;

/// <summary>
/// One colour per compared column, the same in the table's headers and in the overlaid curves, so a curve is found by
/// its version's colour. Distinct in light and dark themes; it repeats after eight versions.
/// </summary>
public static class ComparePalette
{
    private static readonly string[] Colors =
        [ChartStyle.Primary, ChartStyle.Secondary, ChartStyle.Tertiary, "#f57c00", "#0288d1", "#8e24aa", "#6d4c41", "#00897b"];

    /// <summary>The colour of the column at <paramref name="index"/> (0 is the baseline).</summary>
    public static string Color(int index) => Colors[index % Colors.Length];
}
