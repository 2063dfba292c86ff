namespace Portal.Core.Explanations;

/// <summary>
/// Per split of one tree, the share of its cover that goes left and right. A split no training row reached (cover 0)
/// splits half and half: any shares summing to 1 keep base + sum exact, and such a split is never the row's path
/// weighed by data anyway.
/// </summary>
internal sealed class CoverFractions
{
    public CoverFractions(ExplainedTree tree, TreeCovers covers)
    {
        Left = new double[tree.Feature.Length];
        Right = new double[tree.Feature.Length];
        for (var n = 0; n < Left.Length; n++)
        {
            var left = Cover(tree.Left[n]);
            var right = Cover(tree.Right[n]);
            var total = left + right;
            (Left[n], Right[n]) = total > 0 ? (left / total, right / total) : (0.5, 0.5);
        }

        double Cover(int child) => child < 0 ? covers.Leaves[~child] : covers.Nodes[child];
    }

    public double[] Left { get; }
    public double[] Right { get; }
}
