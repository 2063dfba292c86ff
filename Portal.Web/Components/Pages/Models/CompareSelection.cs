using System.Globalization;
using Portal.Core.Registry;

namespace Portal.Web.Components.Pages.Models;

/// <summary>
/// The versions the Compare tab shows, as the address carries them (<c>?versions=1,3,4</c>, the first the baseline):
/// parsed leniently, because a shared link may name a version that no longer exists or was mistyped.
/// </summary>
/// <param name="Versions">At least two known versions, in column order; the first is the baseline.</param>
/// <param name="Ignored">What the address named that is not a version of this model (shown in a note).</param>
/// <param name="UsedDefaults">The address named fewer than two known versions, so the defaults are shown.</param>
public sealed record CompareSelection(IReadOnlyList<int> Versions, IReadOnlyList<string> Ignored, bool UsedDefaults)
{
    public const string QueryKey = "versions";

    /// <summary>How much of one ignored entry a note repeats: a long pasted value must not widen the page.</summary>
    private const int MaxShown = 12;

    /// <summary>
    /// Reads <paramref name="query"/> against <paramref name="versions"/> (newest first). Unknown or malformed entries and
    /// repeats are ignored; with fewer than two known versions left, the default pair is used.
    /// </summary>
    public static CompareSelection Parse(string? query, IReadOnlyList<ModelVersionInfo> versions, int? champion)
    {
        var known = versions.Select(v => v.Version).ToHashSet();
        var chosen = new List<int>();
        var ignored = new List<string>();
        foreach (var entry in (query ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var token = entry.StartsWith('v') || entry.StartsWith('V') ? entry[1..] : entry;
            if (int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && known.Contains(version))
            {
                if (!chosen.Contains(version)) chosen.Add(version);
            }
            else
            {
                ignored.Add(entry.Length > MaxShown ? entry[..MaxShown] + "…" : entry);
            }
        }

        return chosen.Count >= 2
            ? new CompareSelection(chosen, ignored, UsedDefaults: false)
            : new CompareSelection(Defaults(versions, champion), ignored, UsedDefaults: query is not null);
    }

    /// <summary>The champion against the newest other version; without a champion, the second newest against the newest.</summary>
    public static IReadOnlyList<int> Defaults(IReadOnlyList<ModelVersionInfo> versions, int? champion)
    {
        var newestFirst = versions.Select(v => v.Version).OrderDescending().ToList();
        if (newestFirst.Count < 2) return newestFirst;
        var baseline = newestFirst.Contains(champion ?? -1) ? champion!.Value : newestFirst[1];
        return [baseline, newestFirst.First(v => v != baseline)];
    }

    /// <summary>The address form: "1,3,4".</summary>
    public static string Format(IEnumerable<int> versions) => string.Join(',', versions.Select(v => v.ToString(CultureInfo.InvariantCulture)));
}
