namespace Portal.Core.Explanations;

/// <summary>
/// The scratch one explanation needs (the featurized row, the per-index values, TreeSHAP's stack of unique paths),
/// one per thread and grown on demand, so explaining allocates nothing once a thread has explained a row.
/// </summary>
internal sealed class TreeShapWorkspace
{
    [ThreadStatic]
    private static TreeShapWorkspace? _current;

    public float[] Features = [];
    public double[] Slots = [];
    public int[] PathFeature = [];
    public double[] PathZero = [];
    public double[] PathOne = [];
    public double[] PathWeight = [];

    /// <summary>Per split of the tree being explained, whether the row goes left (<see cref="TreeShapTable"/>).</summary>
    public bool[] Decisions = [];

    /// <summary>This thread's workspace, sized for <paramref name="width"/> features and trees of depth <paramref name="depth"/>.</summary>
    public static TreeShapWorkspace For(int width, int depth)
    {
        var workspace = _current ??= new TreeShapWorkspace();
        if (workspace.Features.Length < width)
        {
            workspace.Features = new float[width];
            workspace.Slots = new double[width];
        }

        // Each level d of the recursion keeps its own copy of the path (d + 1 elements), one after the other.
        var path = (depth + 3) * (depth + 4) / 2 + 1;
        if (workspace.PathFeature.Length < path)
        {
            workspace.PathFeature = new int[path];
            workspace.PathZero = new double[path];
            workspace.PathOne = new double[path];
            workspace.PathWeight = new double[path];
        }

        return workspace;
    }
}
