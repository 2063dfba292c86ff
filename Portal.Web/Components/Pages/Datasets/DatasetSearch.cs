using Portal.Core.Datasets;

namespace Portal.Web.Components.Pages.Datasets;

/// <summary>The Datasets list's search: a dataset matches when its name or file name contains the text (case ignored).</summary>
public static class DatasetSearch
{
    public static IReadOnlyList<DatasetInfo> Filter(IReadOnlyList<DatasetInfo> datasets, string? query)
    {
        if (string.IsNullOrWhiteSpace(query)) return datasets;
        var text = query.Trim();
        return datasets.Where(d => d.Name.Contains(text, StringComparison.OrdinalIgnoreCase) || d.FileName.Contains(text, StringComparison.OrdinalIgnoreCase)).ToList();
    }
}
