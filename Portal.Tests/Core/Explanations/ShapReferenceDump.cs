using System.Text.Json;
using Microsoft.ML;
using Portal.Core.Explanations;
using Portal.Core.Serving;
using Portal.Core.Training;

namespace Portal.Tests.Core.Explanations;

/// <summary>
/// A trained model's trees as node arrays with covers, the Platt calibration, which user feature owns each index of
/// the feature vector, and a few featurized rows: the input of tools/reference/treeshap_reference.py. Floats are
/// written widened to double exactly, so Python compares thresholds as the scorer does.
/// </summary>
internal static class ShapReferenceDump
{
    public static string Write(ITransformer model, FeatureSchema schema, ExplanationBackground background, IReadOnlyList<ModelInput> rows)
    {
        Assert.True(ExplainableModel.TryDecompose(model, schema, out var explainable, out var why), why);
        var trees = explainable.Trees!;
        var vectors = rows.Select(row =>
        {
            var features = new float[explainable.Layout.Width];
            explainable.Layout.Fill(row, features);
            return features.Select(f => (double)f).ToArray();
        }).ToArray();
        var dump = new
        {
            source = "Portal.Tests/Core/Explanations/TreeShapReferenceTests (FastTree, 10 trees x 8 leaves, credit_data, seed 42, one thread)",
            slope = explainable.Calibration.Slope,
            offset = explainable.Calibration.Offset,
            features = schema.Features.Select(f => f.Name).ToArray(),
            owner = explainable.Owner,
            trees = trees.Select((tree, t) => new
            {
                feature = tree.Feature,
                threshold = tree.Threshold.Select(v => (double)v).ToArray(),
                left = tree.Left,
                right = tree.Right,
                nodeCover = background.Trees![t].Nodes,
                leafValue = tree.LeafValues,
                leafCover = background.Trees[t].Leaves,
            }).ToArray(),
            rows = vectors,
        };
        return JsonSerializer.Serialize(dump) + "\n";
    }
}
