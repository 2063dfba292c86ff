using System.Diagnostics.CodeAnalysis;
using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using Portal.Core.Datasets;
using Portal.Core.Serving.Scoring;
using Portal.Core.Training;

namespace Portal.Core.Explanations;

/// <summary>
/// A model taken apart as <see cref="CompiledScorer"/> takes it apart (same featurizer probe, same calibration, same
/// models declined), but keeping what the scorer's QuickScorer layout loses: each tree's nodes. <see cref="Owner"/>
/// says which user feature (index in the schema) each index of the feature vector belongs to.
/// </summary>
internal sealed class ExplainableModel
{
    private ExplainableModel(FeatureLayout layout, PlattCalibration calibration, int[] owner, IReadOnlyList<ExplainedTree>? trees, LinearTerms? linear)
    {
        Layout = layout;
        Calibration = calibration;
        Owner = owner;
        Trees = trees;
        Linear = linear;
    }

    public FeatureLayout Layout { get; }
    public PlattCalibration Calibration { get; }
    public int[] Owner { get; }
    public IReadOnlyList<ExplainedTree>? Trees { get; }
    public LinearTerms? Linear { get; }

    public static bool TryDecompose(ITransformer model, FeatureSchema schema, [NotNullWhen(true)] out ExplainableModel? explainable, [NotNullWhen(false)] out string? why)
    {
        explainable = null;
        if (!ModelParts.TryDecompose(model, out var parts, out why)) return false;
        if (parts.Normalizer is not null && parts.Predictor is not LinearBinaryModelParameters)
            return Fail(out why, "only linear models are explained behind a normalizer");
        if (!FeatureLayoutProbe.TryProbe(parts, schema, out var layout, out var normalization, out why)) return false;
        var owner = Owners(schema, layout);

        IReadOnlyList<RegressionTreeBase>? trees = parts.Predictor switch
        {
            FastTreeBinaryModelParameters fastTree => fastTree.TrainedTreeEnsemble.Trees,
            LightGbmBinaryModelParameters lightGbm when !layout.PassesMissing => lightGbm.TrainedTreeEnsemble.Trees,
            FastForestBinaryModelParameters forest => forest.TrainedTreeEnsemble.Trees,
            _ => null,
        };

        if (trees is not null)
        {
            var explained = new ExplainedTree[trees.Count];
            for (var t = 0; t < trees.Count; t++)
            {
                if (!ExplainedTree.TryCreate(trees[t], layout.Width, out var tree, out why)) return Fail(out why, $"tree {t}: {why}");
                if (tree.Features.FirstOrDefault(f => owner[f] < 0, -1) is var stray && stray >= 0)
                    return Fail(out why, $"tree {t} splits on feature vector index {stray}, which belongs to no input feature");
                explained[t] = tree;
            }

            explainable = new ExplainableModel(layout, parts.Calibration, owner, explained, null);
            return true;
        }

        switch (parts.Predictor)
        {
            case LightGbmBinaryModelParameters:
                return Fail(out why, "LightGbm trees would see missing values, whose routing ML.NET does not expose");
            case LinearBinaryModelParameters linear when linear.Weights.Count == layout.Width:
                var weights = new float[layout.Width];
                for (var j = 0; j < weights.Length; j++) weights[j] = linear.Weights[j];
                explainable = new ExplainableModel(layout, parts.Calibration, owner, null, new LinearTerms(weights, linear.Bias, normalization));
                return true;
            case LinearBinaryModelParameters linear:
                return Fail(out why, $"it has {linear.Weights.Count} weights for {layout.Width} features");
            default:
                return Fail(out why, $"its predictor {parts.Predictor.GetType().Name} is not one the explainer knows");
        }
    }

    /// <summary>Per feature-vector index, the schema feature it comes from: a numeric slot's feature, or every indicator of a categorical one.</summary>
    internal static int[] Owners(FeatureSchema schema, FeatureLayout layout)
    {
        var owner = new int[layout.Width];
        Array.Fill(owner, -1);
        var numeric = schema.Features.Select((f, i) => (f, i)).Where(p => p.f.Type != ColumnType.Categorical).Select(p => p.i).ToArray();
        var categorical = schema.Features.Select((f, i) => (f, i)).Where(p => p.f.Type == ColumnType.Categorical).Select(p => p.i).ToArray();
        for (var i = 0; i < numeric.Length && i < layout.NumericTarget.Length; i++)
            if (layout.NumericTarget[i] >= 0) owner[layout.NumericTarget[i]] = numeric[i];
        for (var s = 0; s < categorical.Length && s < layout.Categorical.Length; s++)
        {
            var slot = layout.Categorical[s];
            foreach (var target in slot.Targets.Values.Append(slot.Unknown))
                if (target >= 0) owner[target] = categorical[s];
        }

        return owner;
    }

    private static bool Fail(out string why, string reason)
    {
        why = reason;
        return false;
    }
}
