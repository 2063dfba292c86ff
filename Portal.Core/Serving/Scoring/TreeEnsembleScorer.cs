using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using Microsoft.ML.Trainers.FastTree;
using Portal.Core.Training;

namespace Portal.Core.Serving.Scoring;

/// <summary>
/// A tree ensemble walked from flat arrays, exactly as ML.NET walks it (InternalRegressionTree.GetLeafCore): at a node
/// go left when feature &lt;= threshold, else right (so NaN goes right); children &lt; 0 are leaves (~leaf); the raw
/// score is the sum of the trees' leaf values in tree order, in double, narrowed to float, then Platt-calibrated.
/// Trees read only the features they split on, so a row is first reduced to that compact vector.
/// </summary>
internal sealed class TreeEnsembleScorer : CompiledScorer
{
    private readonly Node[] _nodes;
    private readonly double[] _leaves;
    private readonly int[] _roots;
    private readonly PlattCalibration _calibration;

    // The compact vector: its values before a row is applied, then per used numeric slot its position and imputed value.
    private readonly float[] _template;
    private readonly int[] _numericSlot;
    private readonly int[] _numericPosition;
    private readonly float[] _numericImputed;
    private readonly Dictionary<int, List<float>> _thresholdsBySlot;

    private TreeEnsembleScorer(FeatureSchema schema, FeatureLayout layout, int[] compactOf, Node[] nodes, double[] leaves, int[] roots,
        PlattCalibration calibration, string description)
        : base(schema, layout, feature => feature >= 0 ? compactOf[feature] : -1, description)
    {
        _nodes = nodes;
        _leaves = leaves;
        _roots = roots;
        _calibration = calibration;

        var used = compactOf.Count(c => c >= 0);
        _template = new float[used];
        for (var j = 0; j < compactOf.Length; j++)
            if (compactOf[j] >= 0) _template[compactOf[j]] = layout.Constants[j];

        var numeric = Enumerable.Range(0, layout.NumericTarget.Length).Where(i => layout.NumericTarget[i] >= 0 && compactOf[layout.NumericTarget[i]] >= 0).ToArray();
        _numericSlot = numeric;
        _numericPosition = numeric.Select(i => compactOf[layout.NumericTarget[i]]).ToArray();
        _numericImputed = numeric.Select(i => layout.Imputed[i]).ToArray();

        var slotOf = new Dictionary<int, int>();
        for (var k = 0; k < numeric.Length; k++) slotOf[_numericPosition[k]] = numeric[k];
        _thresholdsBySlot = nodes.Where(n => slotOf.ContainsKey(n.Feature)).GroupBy(n => slotOf[n.Feature])
            .ToDictionary(g => g.Key, g => g.Select(n => n.Threshold).Distinct().ToList());
    }

    public static bool TryCreate(string kind, IReadOnlyList<RegressionTreeBase> trees, FeatureSchema schema, FeatureLayout layout,
        PlattCalibration calibration, [NotNullWhen(true)] out CompiledScorer? scorer, [NotNullWhen(false)] out string? why)
    {
        scorer = null;
        var compactOf = new int[layout.Width];
        Array.Fill(compactOf, -1);
        var used = 0;
        var nodes = new List<Node>();
        var leaves = new List<double>();
        var roots = new int[trees.Count];
        for (var t = 0; t < trees.Count; t++)
        {
            var tree = trees[t];
            if (tree.CategoricalSplitFlags.Any(c => c))
            {
                why = $"tree {t} has categorical splits";
                return false;
            }

            // ML.NET scores a tree without splits, or with LteChild[0] == 0 (an empty tree), as 0.
            if (tree.NumberOfNodes == 0 || tree.LeftChild[0] == 0)
            {
                roots[t] = ~leaves.Count;
                leaves.Add(0);
                continue;
            }

            int nodeBase = nodes.Count, leafBase = leaves.Count;
            for (var n = 0; n < tree.NumberOfNodes; n++)
            {
                var feature = tree.NumericalSplitFeatureIndexes[n];
                if (feature < 0 || feature >= layout.Width)
                {
                    why = $"tree {t} splits on feature {feature}, outside the {layout.Width} features";
                    return false;
                }

                if (compactOf[feature] < 0) compactOf[feature] = used++;
                nodes.Add(new Node(compactOf[feature], tree.NumericalSplitThresholds[n], Child(tree.LeftChild[n]), Child(tree.RightChild[n])));
            }

            leaves.AddRange(tree.LeafValues);
            roots[t] = nodeBase;

            // Children index the tree's own nodes and leaves: shift them into the flat arrays.
            int Child(int child) => child >= 0 ? nodeBase + child : ~(leafBase + ~child);
        }

        var splits = nodes.Count;
        var description = $"{kind}: {trees.Count} trees, {splits} splits on {used} of {layout.Width} features, Platt({calibration.Slope:G6}, {calibration.Offset:G6})";
        scorer = new TreeEnsembleScorer(schema, layout, compactOf, [.. nodes], [.. leaves], roots, calibration, description);
        why = null;
        return true;
    }

    public override float Score(ModelInput row)
    {
        var width = _template.Length;
        float[]? rented = null;
        var features = width <= MaxStackFeatures ? stackalloc float[width] : (rented = ArrayPool<float>.Shared.Rent(width)).AsSpan(0, width);
        try
        {
            Featurize(row, features);
            return _calibration.Probability((float)Walk(features));
        }
        finally
        {
            if (rented is not null) ArrayPool<float>.Shared.Return(rented);
        }
    }

    internal override IReadOnlyList<float> ProbeValues(int slot) =>
        _thresholdsBySlot.TryGetValue(slot, out var thresholds)
            ? thresholds.SelectMany(t => new[] { t, MathF.BitDecrement(t), MathF.BitIncrement(t) }).ToList()
            : [];

    private void Featurize(ModelInput row, Span<float> features)
    {
        _template.CopyTo(features);
        var numeric = row.Numeric;
        var slots = _numericSlot;
        for (var k = 0; k < slots.Length; k++)
        {
            var value = numeric[slots[k]];
            features[_numericPosition[k]] = float.IsNaN(value) ? _numericImputed[k] : value;
        }

        var categorical = row.Categorical;
        for (var s = 0; s < CategoricalSlots; s++)
        {
            var position = Category(s, categorical[s]);
            if (position >= 0) features[position] = 1f;
        }
    }

    private double Walk(ReadOnlySpan<float> features)
    {
        var nodes = _nodes;
        var leaves = _leaves;
        var sum = 0.0;
        foreach (var root in _roots)
        {
            var n = root;
            while (n >= 0)
            {
                ref readonly var node = ref nodes[n];
                n = features[node.Feature] <= node.Threshold ? node.Left : node.Right;
            }

            sum += leaves[~n];
        }

        return sum;
    }

    /// <summary>One split, 16 bytes: the compact feature it reads, its threshold, and its children (&lt; 0: ~leaf).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct Node(int Feature, float Threshold, int Left, int Right);
}
