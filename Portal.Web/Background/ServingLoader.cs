using Portal.Core.Datasets;
using Portal.Core.Gates;
using Portal.Core.Registry;
using Portal.Core.Serving;
using Portal.Core.Training;

namespace Portal.Web.Background;

/// <summary>
/// Puts the registry's aliased versions into the model server at start-up, and tracks every version and each model's
/// input-range policy. A version registered before training ranges were kept gets them first, from its dataset.
/// </summary>
public sealed class ServingLoader(IModelRegistry registry, IGateStore gates, ModelServer server, FeatureRangeBackfill ranges, ILogger<ServingLoader> logger)
{
    public async Task LoadAsync(CancellationToken ct = default)
    {
        foreach (var summary in await registry.ListModelsAsync(ct))
        {
            var details = await registry.GetModelAsync(summary.Name, ct);
            foreach (var version in details?.Versions ?? [])
                server.Track(FeatureRangeBackfill.LacksRanges(version) ? await FillRangesAsync(version, ct) : version);
            if (await gates.GetAsync(summary.Name, ct) is { } settings)
                server.SetInputRange(summary.Name, settings.InputRange);
        }

        // Read after the ranges were filled in, so the engines check them.
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

    private async Task<ModelVersionInfo> FillRangesAsync(ModelVersionInfo version, CancellationToken ct)
    {
        try
        {
            if (await ranges.FillAsync(version, ct) is not { } filled) return version;
            logger.LogInformation("Computed the training ranges of {Model} v{Version} from dataset #{DatasetId}", version.Model, version.Version, version.DatasetId);
            return filled;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CsvFormatException)
        {
            // The version serves as before (ranges unknown): a missing dataset file is not a reason to refuse it.
            logger.LogWarning(ex, "Could not compute the training ranges of {Model} v{Version} from dataset #{DatasetId}", version.Model, version.Version, version.DatasetId);
            return version;
        }
    }
}
