using System.Collections.Concurrent;
using System.Globalization;
using Portal.Core.Serving;
using Prometheus;

namespace Portal.Web.Metrics;

/// <summary>
/// Counts every answered prediction in <c>predictions_total</c> and <c>prediction_probability</c>. Runs on the
/// predict path, so labelled children are cached: after the first prediction of a (model, version, outcome) a
/// call is two lock-free dictionary reads and two atomic updates, with no allocation.
/// </summary>
public sealed class PrometheusPredictionObserver(PortalMetrics metrics) : IPredictionObserver
{
    private readonly ConcurrentDictionary<(string Model, int Version, string Outcome), Counter.Child> _counts = new();
    private readonly ConcurrentDictionary<string, Histogram.Child> _probabilities = new(StringComparer.Ordinal);

    public void Observed(string model, int version, string label, double probability, double latencyMs)
    {
        if (!_counts.TryGetValue((model, version, label), out var count))
            count = _counts.GetOrAdd((model, version, label), k => metrics.Predictions.WithLabels(k.Model, k.Version.ToString(CultureInfo.InvariantCulture), k.Outcome));
        count.Inc();

        if (!_probabilities.TryGetValue(model, out var histogram))
            histogram = _probabilities.GetOrAdd(model, m => metrics.Probability.WithLabels(m));
        histogram.Observe(probability);
    }
}
