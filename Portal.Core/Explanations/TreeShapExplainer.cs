using Portal.Core.Training;

namespace Portal.Core.Explanations;

/// <summary>A tree ensemble's raw score (sum of the trees' leaves, in tree order) split by <see cref="TreeShap"/>, tree by tree.</summary>
internal sealed class TreeShapExplainer : ShapExplainer
{
    private readonly IReadOnlyList<ExplainedTree> _trees;
    private readonly CoverFractions[] _fractions;
    private readonly double _base;

    public TreeShapExplainer(ExplainableModel model, FeatureSchema schema, IReadOnlyList<TreeCovers> covers)
        : base(model, schema, model.Trees!.Count == 0 ? 0 : model.Trees.Max(t => t.Depth))
    {
        _trees = model.Trees;
        _fractions = _trees.Select((tree, t) => new CoverFractions(tree, covers[t])).ToArray();
        for (var t = 0; t < _trees.Count; t++) _base += TreeShap.Expected(_trees[t], _fractions[t]);
    }

    private protected override double ExplainRaw(ReadOnlySpan<float> features, Span<double> slots, TreeShapWorkspace workspace, out double baseRaw)
    {
        var raw = 0.0;
        for (var t = 0; t < _trees.Count; t++)
        {
            var tree = _trees[t];
            if (tree.IsConstant) continue;
            raw += tree.LeafValues[~tree.Route(0, features)];
            TreeShap.Add(tree, _fractions[t], features, slots, workspace);
        }

        baseRaw = _base;
        return raw;
    }
}
