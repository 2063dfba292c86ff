using System.Diagnostics.CodeAnalysis;
using Microsoft.ML;
using Portal.Core.Serving;
using Portal.Core.Training;

namespace Portal.Core.Explanations;

/// <summary>
/// Exact Shapley values of one model version: path-dependent TreeSHAP for tree ensembles, w·(x − mean) for logistic
/// regression, computed on the feature vector the compiled scorer computes, moved to the logit space of the Platt
/// calibration (logit = −(slope·raw + offset), so each value is −slope times its raw-score value) and summed per
/// user feature (every one-hot indicator of a categorical feature into it). Immutable and thread-safe; explaining a
/// row allocates nothing after the thread's first (see <see cref="TreeShapWorkspace"/>).
/// </summary>
public abstract class ShapExplainer
{
    private readonly ExplainableModel _model;

    private protected ShapExplainer(ExplainableModel model, FeatureSchema schema, int depth)
    {
        _model = model;
        Schema = schema;
        Depth = depth;
    }

    public FeatureSchema Schema { get; }

    /// <summary>How many values <see cref="Explain"/> writes: one per schema feature, in schema order.</summary>
    public int FeatureCount => Schema.Features.Count;

    private protected int Depth { get; }

    /// <summary>
    /// The explainer of <paramref name="model"/> with the <paramref name="background"/> stored for its version, or why
    /// there is none (a model the explainer does not know, a background that does not fit it).
    /// </summary>
    public static bool TryCreate(ITransformer model, FeatureSchema schema, ExplanationBackground background,
        [NotNullWhen(true)] out ShapExplainer? explainer, [NotNullWhen(false)] out string? why)
    {
        explainer = null;
        if (!ExplainableModel.TryDecompose(model, schema, out var explainable, out why)) return false;
        if (explainable.Trees is { } trees)
        {
            if (background.Trees is not { } covers || background.Kind != ExplanationBackground.TreesKind)
                return Fail(out why, "the stored background has no tree covers");
            if (covers.Count != trees.Count)
                return Fail(out why, $"the stored covers are for {covers.Count} trees, the model has {trees.Count}");
            for (var t = 0; t < trees.Count; t++)
                if (covers[t].Nodes.Length != trees[t].SplitCount || covers[t].Leaves.Length != trees[t].LeafCount)
                    return Fail(out why, $"the stored covers of tree {t} do not match its nodes");
            explainer = new TreeShapExplainer(explainable, schema, covers);
            return true;
        }

        if (background.Means is not { } means || background.Kind != ExplanationBackground.LinearKind)
            return Fail(out why, "the stored background has no feature means");
        if (means.Count != explainable.Layout.Width)
            return Fail(out why, $"the stored means are for {means.Count} features, the model has {explainable.Layout.Width}");
        explainer = new LinearShapExplainer(explainable, schema, means.ToArray());
        return true;
    }

    /// <summary>
    /// Writes into <paramref name="values"/> (length <see cref="FeatureCount"/>) each feature's logit-space value for
    /// <paramref name="row"/> (a <see cref="ModelInput"/> of <see cref="Schema"/>) and returns the totals.
    /// </summary>
    public ExplanationSums Explain(ModelInput row, Span<double> values)
    {
        if (values.Length != FeatureCount) throw new ArgumentException($"One value per feature ({FeatureCount}) is needed.", nameof(values));
        var width = _model.Layout.Width;
        var workspace = TreeShapWorkspace.For(width, Depth);
        var features = workspace.Features.AsSpan(0, width);
        var slots = workspace.Slots.AsSpan(0, width);
        _model.Layout.Fill(row, features);
        slots.Clear();
        var raw = ExplainRaw(features, slots, workspace, out var baseRaw);

        values.Clear();
        var slope = _model.Calibration.Slope;
        var owner = _model.Owner;
        for (var j = 0; j < width; j++)
            if (owner[j] >= 0) values[owner[j]] -= slope * slots[j];
        return new ExplanationSums(-(slope * baseRaw + _model.Calibration.Offset), -(slope * raw + _model.Calibration.Offset), raw);
    }

    /// <summary>Fills <paramref name="slots"/> (cleared) with raw-score values per feature-vector index; returns the raw score.</summary>
    private protected abstract double ExplainRaw(ReadOnlySpan<float> features, Span<double> slots, TreeShapWorkspace workspace, out double baseRaw);

    private static bool Fail(out string why, string reason)
    {
        why = reason;
        return false;
    }
}
