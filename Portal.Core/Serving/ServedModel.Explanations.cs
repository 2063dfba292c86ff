using Microsoft.ML;
using Portal.Core.Explanations;
using Portal.Core.Serving.Scoring;
using Portal.Core.Training;

namespace Portal.Core.Serving;

/// <summary>A version's exact explanations, built at load beside its compiled scorer so explaining never reads the store.</summary>
public sealed partial class ServedModel
{
    /// <summary>The explainer of this version's compiled scorer, or null (then <see cref="ExplainerNote"/> says why).</summary>
    public ShapExplainer? Explainer { get; private init; }

    /// <summary>Why this version cannot be explained; null when it can.</summary>
    public string? ExplainerNote { get; private init; } = "explanations are not available for ensemble versions: their probability is a weighted mean of other versions' probabilities, not one model's logit";

    private static (ShapExplainer?, string?) Explain(ITransformer transformer, FeatureSchema schema, CompiledScorer? scorer, string scorerNote,
        ExplanationBackground? background, string? backgroundNote)
    {
        if (scorer is null)
            return (null, $"explanations need the compiled scorer, and this version serves through ML.NET engines ({scorerNote})");
        if (background is null)
            return (null, backgroundNote ?? "no node covers or feature means are stored for this version");
        try
        {
            return ShapExplainer.TryCreate(transformer, schema, background, out var explainer, out var why)
                ? (explainer, null)
                : (null, $"the stored explanation data does not fit the model: {why}");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return (null, $"the explainer could not be built ({ex.GetType().Name}: {ex.Message})");
        }
    }
}
