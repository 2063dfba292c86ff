using Portal.Core.Registry;
using Portal.Web.Extensions;

namespace Portal.Web.Api;

/// <summary>Which model a runbook call means when it names none (ops endpoints, the outcomes export).</summary>
public static class DefaultModel
{
    /// <summary>The named model; else the only model, or the demo model; null when several exist and none is the demo.</summary>
    public static async Task<string?> ResolveAsync(string? model, IModelRegistry registry, PortalOptions options, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(model)) return model;
        var models = await registry.ListModelsAsync(ct);
        if (models.Count == 1) return models[0].Name;
        return models.Count == 0 || models.Any(m => m.Name == options.Demo.Model) ? options.Demo.Model : null;
    }
}
