using Portal.Core.Training;

namespace Portal.Core.Explanations;

/// <summary>
/// Logistic regression explained analytically: with features independent, the Shapley value of feature j is
/// w_j · (x_j − mean_j) over the normalized vector, mean_j the training mean; the base is bias + w · mean.
/// </summary>
internal sealed class LinearShapExplainer : ShapExplainer
{
    private readonly LinearTerms _terms;
    private readonly double[] _means;
    private readonly double _base;

    public LinearShapExplainer(ExplainableModel model, FeatureSchema schema, double[] means)
        : base(model, schema, 0)
    {
        _terms = model.Linear!;
        _means = means;
        _base = _terms.Bias;
        for (var j = 0; j < means.Length; j++) _base += (double)_terms.Weights[j] * means[j];
    }

    private protected override double ExplainRaw(ReadOnlySpan<float> features, Span<double> slots, TreeShapWorkspace workspace, out double baseRaw)
    {
        var raw = (double)_terms.Bias;
        var weights = _terms.Weights;
        for (var j = 0; j < features.Length; j++)
        {
            var normalized = _terms.Normalize(j, features[j]);
            raw += weights[j] * normalized;
            slots[j] = weights[j] * (normalized - _means[j]);
        }

        baseRaw = _base;
        return raw;
    }
}
