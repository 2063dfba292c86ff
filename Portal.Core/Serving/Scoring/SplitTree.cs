namespace Portal.Core.Serving.Scoring;

/// <summary>
/// One regression tree as split arrays, ML.NET's encoding: node 0 is the root; a child &gt;= 0 is a node, a negative
/// child c is leaf ~c. At node n go to <see cref="LeftChild"/> when feature <see cref="Feature"/>[n] &lt;= <see cref="Threshold"/>[n]
/// (NaN fails the test and goes right). A tree with no nodes is the single leaf <see cref="LeafValues"/>[0].
/// </summary>
internal sealed record SplitTree(int[] LeftChild, int[] RightChild, int[] Feature, float[] Threshold, double[] LeafValues)
{
    public int Nodes => LeftChild.Length;

    public static SplitTree Leaf(double value) => new([], [], [], [], [value]);
}
