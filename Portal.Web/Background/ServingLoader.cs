using Portal.Core.Gates;
using Portal.Core.Registry;
using Portal.Core.Serving;

namespace Portal.Web.Background;

/// <summary>Puts the registry's aliased versions into the model server at start-up, and tracks every version and each model's input-range policy.</summary>
public sealed class ServingLoader(IModelRegistry registry, IGateStore gates, ModelServer server, ILogger<ServingLoader> logger)
{
    public async Task LoadAsync(CancellationToken ct = default)
    {
        foreach (var summary in await registry.ListModelsAsync(ct))
        {
            var details = await registry.GetModelAsync(summary.Name, ct);
            foreach (var version in details?.Versions ?? [])
                server.Track(version);
            if (await gates.GetAsync(summary.Name, ct) is { } settings)
                server.SetInputRange(summary.Name, settings.InputRange);
        }

        foreach (var version in await registry.ListAliasedVersionsAsync(ct))
        {
            foreach (var alias in version.Aliases)
            {
                try
                {
                    var served = server.Activate(version, alias);
                    logger.LogInformation("Serving {Model} v{Version} as {Alias} through the {Scorer} scorer ({ScorerNote})",
                        version.Model, version.Version, alias, served.ScorerKind, served.ScorerNote);
                }
                catch (ArtefactIntegrityException ex)
                {
                    server.RecordError(version.Model, ex.Message);
                    logger.LogError("Could not load {Model} v{Version} ({Alias}): {Reason}", version.Model, version.Version, alias, ex.Message);
                }
            }
        }
    }
}
