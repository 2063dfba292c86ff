using Portal.Core.Drift;
using Portal.Core.Performance;

namespace Portal.Core.Serving;

/// <summary>
/// A model's status and health state as /ops/model-status reports it, from what serves now, its latest drift score
/// and the configured thresholds: the API and the dashboard read it here, so both always agree.
/// </summary>
public sealed class ModelStatusReader(ModelServer server, DriftScoreBoard drift, ModelHealthSettings settings, TimeProvider time)
{
    public ModelHealthSettings Settings => settings;

    /// <summary>The serving snapshot of <paramref name="model"/>, or null when nothing was ever loaded for it.</summary>
    public ServingStatus? Serving(string model) => server.Snapshot().FirstOrDefault(s => s.Model == model);

    public ModelStatus Read(string model)
    {
        var serving = Serving(model);
        return ModelHealth.Evaluate(model, serving, time.GetUtcNow(), settings.StaleAfter, drift.Latest(model, serving?.Champion?.Version), settings.DriftScoreThreshold);
    }
}
