namespace Portal.Web.Components.Pages.Models;

/// <summary>
/// The model page's tabs as URL segments (<c>/models/{name}/drift</c>), so that a tab, and a version
/// (<c>/models/{name}/versions/2</c>), can be linked, bookmarked and reached with Back and Forward.
/// </summary>
public static class ModelTabs
{
    /// <summary>The tabs in the order the page shows them; a tab's index is its panel index (Gates is last: admins only).</summary>
    public static IReadOnlyList<string> All { get; } = ["versions", "compare", "performance", "history", "drift", "rollouts", "retraining", "gates"];

    public const string Versions = "versions";
    public const string Gates = "gates";
    public const string Compare = "compare";
    public const string Rollouts = "rollouts";
    public const string Retraining = "retraining";

    /// <summary>The panel index of <paramref name="tab"/> (no tab is the Versions tab), or null for a tab that does not exist.</summary>
    public static int? IndexOf(string? tab)
    {
        if (string.IsNullOrEmpty(tab)) return 0;
        for (var i = 0; i < All.Count; i++)
            if (string.Equals(All[i], tab, StringComparison.OrdinalIgnoreCase)) return i;
        return null;
    }

    /// <summary>The page of <paramref name="model"/> on <paramref name="tab"/> (relative to the base href).</summary>
    public static string Url(string model, string tab = Versions) =>
        tab == Versions ? $"models/{Uri.EscapeDataString(model)}" : $"models/{Uri.EscapeDataString(model)}/{tab}";

    /// <summary>The Compare tab of <paramref name="model"/> with <paramref name="versions"/> as its columns (the first is the baseline).</summary>
    public static string CompareUrl(string model, IEnumerable<int> versions) =>
        $"{Url(model, Compare)}?{CompareSelection.QueryKey}={CompareSelection.Format(versions)}";

    /// <summary>The page of <paramref name="model"/> with <paramref name="version"/> selected on the Versions tab.</summary>
    public static string VersionUrl(string model, int version) => $"models/{Uri.EscapeDataString(model)}/versions/{version}";
}
