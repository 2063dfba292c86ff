using Portal.Core.Registry;

namespace Portal.Web.Components.Pages.Models;

/// <summary>The Models list's search: a model matches when its name contains the text (case ignored).</summary>
public static class ModelSearch
{
    public static IReadOnlyList<ModelSummary> Filter(IReadOnlyList<ModelSummary> models, string? query) =>
        string.IsNullOrWhiteSpace(query)
            ? models
            : models.Where(m => m.Name.Contains(query.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
}
