using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Portal.Core.Serving.Scoring;
using Portal.Core.Training;

namespace Portal.Core.Serving.Onnx;

/// <summary>
/// Compiles a binary ONNX TreeEnsembleClassifier (what skl2onnx and onnxmltools emit for gradient boosting) into
/// Portal's flat tree scorer: the graph must be that one node over the single float input (layout (a)), with
/// BRANCH_LEQ or BRANCH_LT splits (x &lt; t is x &lt;= the float below t), missing values going to the false branch
/// (nodes_missing_value_tracks_true 0, the default, as the compiled scorer sends NaN right), every leaf weight on
/// class 0 and post_transform LOGISTIC: P(positive) = 1 / (1 + exp(-(base_values[0] + sum of leaf weights))).
/// Anything else is declined with a reason; ONNX Runtime then keeps serving.
/// </summary>
public static class OnnxTreeCompiler
{
    public const string OpType = "TreeEnsembleClassifier";

    public static bool TryCompile(OnnxScorer onnx, FeatureSchema schema, [NotNullWhen(true)] out CompiledScorer? scorer, [NotNullWhen(false)] out string? why)
    {
        scorer = null;
        if (onnx.Inputs is not [{ Kind: OnnxInputKind.NumericTensor } input])
        {
            why = "only models with one float input of the numeric features are compiled";
            return false;
        }

        if (onnx.Nodes is not [{ OpType: OpType } node])
        {
            why = $"the graph is not a single {OpType} node";
            return false;
        }

        if (!TryTrees(node, input.Width, out var trees, out var baseValue, out why)) return false;
        if (onnx.PositiveIndex != 1)
        {
            why = "the positive class is not the ensemble's second class";
            return false;
        }

        var layout = new FeatureLayout(input.Width, Enumerable.Range(0, input.Width).ToArray(), Enumerable.Repeat(float.NaN, input.Width).ToArray(), [], new float[input.Width]);
        // Platt's 1 / (1 + exp(slope * score + offset)) with slope -1 and offset -base is the logistic of base + score.
        return TreeEnsembleScorer.TryCreate("ONNX TreeEnsembleClassifier", trees, schema, layout, new PlattCalibration(-1, -baseValue), out scorer, out why);
    }

    private static bool TryTrees(OnnxNode node, int width, [NotNullWhen(true)] out List<SplitTree>? trees, out double baseValue, [NotNullWhen(false)] out string? why)
    {
        trees = null;
        baseValue = 0;
        string Text(string name) => node.Attribute(name)?.S ?? "";
        List<long> Ints(string name) => node.Attribute(name)?.Ints ?? [];
        List<float> Floats(string name) => node.Attribute(name)?.Floats ?? [];

        var post = Text("post_transform");
        if (post != "LOGISTIC")
        {
            why = $"post_transform is '{(post.Length == 0 ? "NONE" : post)}', not LOGISTIC";
            return false;
        }

        var baseValues = Floats("base_values");
        if (baseValues.Count > 1)
        {
            why = $"it has {baseValues.Count} base values, not one";
            return false;
        }

        baseValue = baseValues.Count == 1 ? baseValues[0] : 0;
        var treeIds = Ints("nodes_treeids");
        var nodeIds = Ints("nodes_nodeids");
        var features = Ints("nodes_featureids");
        var modes = node.Attribute("nodes_modes")?.Strings ?? [];
        var values = Floats("nodes_values");
        var trueIds = Ints("nodes_truenodeids");
        var falseIds = Ints("nodes_falsenodeids");
        var missingTrue = Ints("nodes_missing_value_tracks_true");
        var count = treeIds.Count;
        if (count == 0 || new[] { nodeIds.Count, features.Count, modes.Count, values.Count, trueIds.Count, falseIds.Count }.Any(c => c != count))
        {
            why = "its node arrays are missing or of different lengths (nodes_values_as_tensor is not compiled)";
            return false;
        }

        if (missingTrue.Any(m => m != 0))
        {
            why = "some nodes send missing values to the true branch";
            return false;
        }

        var classIds = Ints("class_ids");
        if (classIds.Any(c => c != 0))
        {
            why = "it has weights for more than one class";
            return false;
        }

        var weights = new Dictionary<(long Tree, long Node), double>();
        var classTrees = Ints("class_treeids");
        var classNodes = Ints("class_nodeids");
        var classWeights = Floats("class_weights");
        if (classTrees.Count != classWeights.Count || classNodes.Count != classWeights.Count)
        {
            why = "its class weight arrays are of different lengths";
            return false;
        }

        for (var k = 0; k < classWeights.Count; k++)
            weights[(classTrees[k], classNodes[k])] = weights.GetValueOrDefault((classTrees[k], classNodes[k])) + classWeights[k];

        trees = [];
        foreach (var tree in Enumerable.Range(0, count).GroupBy(k => treeIds[k]).OrderBy(g => g.Key))
        {
            var byId = tree.ToDictionary(k => nodeIds[k]);
            var children = tree.Where(k => modes[k] != "LEAF").SelectMany(k => new[] { trueIds[k], falseIds[k] }).ToHashSet();
            var roots = byId.Keys.Where(id => !children.Contains(id)).ToList();
            if (roots.Count != 1)
            {
                why = string.Create(CultureInfo.InvariantCulture, $"tree {tree.Key} has {roots.Count} roots");
                return false;
            }

            var left = new List<int>();
            var right = new List<int>();
            var feature = new List<int>();
            var threshold = new List<float>();
            var leaves = new List<double>();
            string? problem = null;

            // Depth first from the root: split nodes numbered in visiting order (the root 0), leaves as ~index.
            int Visit(long id, int depth)
            {
                if (problem is not null) return 0;
                if (!byId.TryGetValue(id, out var k) || depth > 1000)
                {
                    problem = string.Create(CultureInfo.InvariantCulture, $"tree {tree.Key} refers to a node {id} it does not have");
                    return 0;
                }

                switch (modes[k])
                {
                    case "LEAF":
                        leaves.Add(weights.GetValueOrDefault((tree.Key, id)));
                        return ~(leaves.Count - 1);
                    case "BRANCH_LEQ" or "BRANCH_LT":
                        if (features[k] < 0 || features[k] >= width)
                        {
                            problem = string.Create(CultureInfo.InvariantCulture, $"tree {tree.Key} splits on feature {features[k]}, outside the {width} inputs");
                            return 0;
                        }

                        var n = left.Count;
                        left.Add(0);
                        right.Add(0);
                        feature.Add((int)features[k]);
                        threshold.Add(modes[k] == "BRANCH_LT" ? MathF.BitDecrement(values[k]) : values[k]);
                        left[n] = Visit(trueIds[k], depth + 1);
                        right[n] = Visit(falseIds[k], depth + 1);
                        return n;
                    default:
                        problem = $"a node's mode is {modes[k]} (only BRANCH_LEQ and BRANCH_LT are compiled)";
                        return 0;
                }
            }

            var root = Visit(roots[0], 0);
            if (problem is not null)
            {
                why = problem;
                return false;
            }

            trees.Add(root < 0 ? SplitTree.Leaf(leaves[0]) : new SplitTree([.. left], [.. right], [.. feature], [.. threshold], [.. leaves]));
        }

        why = null;
        return true;
    }
}
