using Microsoft.ML;
using Portal.Core.Explanations;
using Portal.Core.Serving.Scoring;
using Portal.Core.Training;

namespace Portal.Core.Serving;

/// <summary>A version's exact explanations, built at load beside its compiled scorer so explaining never reads the store.</summary>
public sealed partial class ServedModel
{
    private ExplainerState _explanation = new(null, "explanations are not available for ensemble versions: their probability is a weighted mean of other versions' probabilities, not one model's logit");

    /// <summary>The explainer of this version's compiled scorer, or null (then <see cref="ExplainerNote"/> says why).</summary>
    public ShapExplainer? Explainer
    {
        get => Volatile.Read(ref _explanation).Explainer;
        private init => _explanation = _explanation with { Explainer = value };
    }

    /// <summary>Why this version cannot be explained; null when it can.</summary>
    public string? ExplainerNote
    {
        get => Volatile.Read(ref _explanation).Note;
        private init => _explanation = _explanation with { Note = value };
    }

    /// <summary>The explainer, or null and why, read together: the backfill may replace both between two separate reads.</summary>
    public ShapExplainer? ExplainerOrNote(out string? note)
    {
        var state = Volatile.Read(ref _explanation);
        note = state.Note;
        return state.Explainer;
    }

    /// <summary>
    /// Gives a loaded version the explainer built later by the insight backfill (its background was computed after the
    /// version loaded), or a better reason why it has none. The only change a served model takes after it is built: one
    /// reference write, so a request sees the old state or the new one, and the served scores are not touched.
    /// Ignored where the compiled scorer does not serve (its explanations would not explain the served numbers).
    /// </summary>
    public void UpdateExplanation(ShapExplainer? explainer, string? note)
    {
        if (Scorer is null || Components is not null) return;
        Volatile.Write(ref _explanation, new ExplainerState(explainer, explainer is null ? note : null));
    }

    private sealed record ExplainerState(ShapExplainer? Explainer, string? Note);

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
