using System.Diagnostics.CodeAnalysis;
using Microsoft.ML.Trainers.FastTree;

namespace Portal.Core.Explanations;

/// <summary>
/// One tree as node arrays in ML.NET's own indexing (split n; a child c &lt; 0 is leaf ~c), routed exactly as the
/// scorer routes it: left when x &lt;= threshold, else right (NaN fails the test and goes right). A tree ML.NET scores
/// as 0 (no splits) is <see cref="IsConstant"/>.
/// </summary>
internal sealed class ExplainedTree
{
    private ExplainedTree(int[] feature, float[] threshold, int[] left, int[] right, double[] leaves, int splitCount, int leafCount)
    {
        Feature = feature;
        Threshold = threshold;
        Left = left;
        Right = right;
        LeafValues = leaves;
        SplitCount = splitCount;
        LeafCount = leafCount;
        Depth = IsConstant ? 0 : DepthOf(0);
    }

    public int[] Feature { get; }
    public float[] Threshold { get; }
    public int[] Left { get; }
    public int[] Right { get; }
    public double[] LeafValues { get; }

    /// <summary>How many covers the version stores for this tree (ML.NET's counts, also for a constant tree).</summary>
    public int SplitCount { get; }

    public int LeafCount { get; }

    /// <summary>The most splits on any path from the root to a leaf.</summary>
    public int Depth { get; }

    public bool IsConstant => Feature.Length == 0;

    /// <summary>The distinct feature-vector indices the tree splits on.</summary>
    public IEnumerable<int> Features => Feature.Distinct();

    public static bool TryCreate(RegressionTreeBase tree, int width, [NotNullWhen(true)] out ExplainedTree? explained, [NotNullWhen(false)] out string? why)
    {
        explained = null;
        if (tree.CategoricalSplitFlags.Any(c => c))
        {
            why = "it has categorical splits";
            return false;
        }

        // ML.NET scores a tree without splits, or with LteChild[0] == 0 (an empty tree), as 0.
        if (tree.NumberOfNodes == 0 || tree.LeftChild[0] == 0)
        {
            explained = new ExplainedTree([], [], [], [], [], tree.NumberOfNodes, tree.NumberOfLeaves);
            why = null;
            return true;
        }

        var feature = tree.NumericalSplitFeatureIndexes.ToArray();
        if (feature.FirstOrDefault(f => f < 0 || f >= width, -1) is var bad && bad != -1)
        {
            why = $"it splits on feature {bad}, outside the {width} features";
            return false;
        }

        explained = new ExplainedTree(feature, tree.NumericalSplitThresholds.ToArray(), tree.LeftChild.ToArray(), tree.RightChild.ToArray(),
            tree.LeafValues.ToArray(), tree.NumberOfNodes, tree.NumberOfLeaves);
        why = null;
        return true;
    }

    /// <summary>The leaf (as ~leaf) <paramref name="features"/> exits at, or 0 for a constant tree.</summary>
    public int Route(int child, ReadOnlySpan<float> features)
    {
        while (child >= 0)
            child = features[Feature[child]] <= Threshold[child] ? Left[child] : Right[child];
        return child;
    }

    /// <summary>Adds one row to <paramref name="covers"/>: every node on its path and its leaf.</summary>
    public void Count(ReadOnlySpan<float> features, TreeCovers covers)
    {
        if (IsConstant) return;
        var child = 0;
        while (child >= 0)
        {
            covers.Nodes[child]++;
            child = features[Feature[child]] <= Threshold[child] ? Left[child] : Right[child];
        }

        covers.Leaves[~child]++;
    }

    private int DepthOf(int child) => child < 0 ? 0 : 1 + Math.Max(DepthOf(Left[child]), DepthOf(Right[child]));
}
