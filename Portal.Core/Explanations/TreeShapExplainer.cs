using Portal.Core.Training;

namespace Portal.Core.Explanations;

/// <summary>A tree ensemble's raw score (sum of the trees' leaves, in tree order) split by <see cref="TreeShap"/>, tree by tree.</summary>
internal sealed class TreeShapExplainer : ShapExplainer
{
    private readonly IReadOnlyList<ExplainedTree> _trees;
    private readonly CoverFractions[] _fractions;
    private readonly TreeShapTable?[] _tables;
    private readonly int _splits;
    private readonly double _base;

    public TreeShapExplainer(ExplainableModel model, FeatureSchema schema, IReadOnlyList<TreeCovers> covers)
        : base(model, schema, model.Trees!.Count == 0 ? 0 : model.Trees.Max(t => t.Depth))
    {
        _trees = model.Trees;
        _fractions = _trees.Select((tree, t) => new CoverFractions(tree, covers[t])).ToArray();
        _tables = _trees.Select((tree, t) => TreeShapTable.TryCreate(tree, _fractions[t])).ToArray();
        _splits = _tables.Select(table => table?.Splits ?? 0).DefaultIfEmpty(0).Max();
        for (var t = 0; t < _trees.Count; t++) _base += TreeShap.Expected(_trees[t], _fractions[t]);
    }

    private protected override double ExplainRaw(ReadOnlySpan<float> features, Span<double> slots, TreeShapWorkspace workspace, out double baseRaw)
    {
        var raw = 0.0;
        if (workspace.Decisions.Length < _splits) workspace.Decisions = new bool[_splits];
        var decisions = workspace.Decisions.AsSpan();
        for (var t = 0; t < _trees.Count; t++)
        {
            var tree = _trees[t];
            if (tree.IsConstant) continue;
            raw += tree.LeafValues[~tree.Route(0, features)];
            if (_tables[t] is { } table) table.Add(features, slots, decisions);
            else TreeShap.Add(tree, _fractions[t], features, slots, workspace);
        }

        baseRaw = _base;
        return raw;
    }
}
