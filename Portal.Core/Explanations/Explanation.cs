using Portal.Core.Datasets;
using Portal.Core.Serving;

namespace Portal.Core.Explanations;

/// <summary>
/// Why one row scored as it did, by one version: <see cref="BaseValue"/> (the expected logit over the training rows)
/// plus every value in <see cref="Values"/> equals <see cref="Logit"/>, the Platt argument whose sigmoid is
/// <see cref="Probability"/>. Values are sorted by |value|, largest first. Probability space is not additive, so each
/// feature's <see cref="FeatureContribution.ProbabilityValue"/> is its step along the waterfall in that order:
/// sigmoid(base + values up to and including it) − sigmoid(base + values before it); the steps add up to
/// <see cref="Probability"/> − <see cref="ProbabilityBase"/>.
/// </summary>
public sealed record Explanation(string Model, int Version, double BaseValue, double Logit, double ProbabilityBase, double Probability, IReadOnlyList<FeatureContribution> Values)
{
    /// <summary>The explanation of <paramref name="row"/> (bound for <paramref name="served"/>) by its explainer.</summary>
    public static Explanation Of(ServedModel served, ShapExplainer explainer, ModelInput row)
    {
        var values = new double[explainer.FeatureCount];
        var sums = explainer.Explain(row, values);
        var features = explainer.Schema.Features;
        var inputs = new object?[features.Count];
        int numeric = 0, categorical = 0;
        for (var f = 0; f < features.Count; f++)
        {
            if (features[f].Type == ColumnType.Categorical)
            {
                var category = row.Categorical[categorical++];
                inputs[f] = category == Training.FeatureSchema.MissingCategory ? null : category;
            }
            else
            {
                var number = row.Numeric[numeric++];
                // A boolean is encoded 0/1 for the model; the explanation gives it back as the true/false the client sent.
                inputs[f] = float.IsNaN(number) ? null : features[f].Type == ColumnType.Boolean ? number != 0 : (double)number;
            }
        }

        var order = Enumerable.Range(0, values.Length).OrderByDescending(f => Math.Abs(values[f])).ThenBy(f => f).ToArray();
        var contributions = new FeatureContribution[order.Length];
        var cumulative = sums.BaseValue;
        for (var k = 0; k < order.Length; k++)
        {
            var f = order[k];
            var before = ExplanationSums.Sigmoid(cumulative);
            cumulative += values[f];
            contributions[k] = new FeatureContribution(features[f].Name, values[f], ExplanationSums.Sigmoid(cumulative) - before, inputs[f]);
        }

        return new Explanation(served.Model, served.Version, sums.BaseValue, sums.Logit, sums.ProbabilityBase, sums.Probability, contributions);
    }
}
