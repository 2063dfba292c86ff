using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using Microsoft.ML.Trainers.FastTree;
using Portal.Core.Training;

namespace Portal.Core.Serving.Scoring;

/// <summary>
/// A tree ensemble scored as ML.NET scores it (InternalRegressionTree.GetLeafCore): at a split go left when
/// feature &lt;= threshold, else right (so NaN goes right); the raw score is the sum of the trees' leaf values in tree
/// order, in double, narrowed to float, then Platt-calibrated. Trees read only the features they split on, so a row is
/// first reduced to that compact vector.
/// <para>
/// Walking trees node by node mispredicts a branch at about every other split. Instead (QuickScorer, Lucchese et al.,
/// SIGIR 2015) each tree keeps a bit per leaf, leaves numbered left to right; every split is listed under its feature
/// in increasing threshold order with a mask clearing the leaves of its left subtree. For each feature the splits whose
/// test fails (x &gt; threshold, or x is NaN) are a prefix of that list; applying their masks leaves the exit leaf as
/// each tree's lowest set bit. A tree of more than 64 leaves spans several 64-bit words.
/// </para>
/// </summary>
internal sealed class TreeEnsembleScorer : CompiledScorer
{
    private const int MaskBits = 64;

    private readonly PlattCalibration _calibration;

    // Per compact feature f, its splits are [_splitStart[f], _splitStart[f + 1]), sorted by threshold; each clears
    // bits of one mask word (a split over more than 64 leaves has one entry per word it touches).
    private readonly int[] _splitStart;
    private readonly float[] _splitThreshold;
    private readonly int[] _splitWord;
    private readonly ulong[] _splitMask;

    // Tree t owns mask words [_wordStart[t], _wordStart[t + 1]); its leaf values, left to right, start at _leafStart[t].
    private readonly int[] _wordStart;
    private readonly int[] _leafStart;
    private readonly double[] _leaves;

    // The compact vector: its values before a row is applied, then per used numeric slot its position and imputed value.
    private readonly float[] _template;
    private readonly int[] _numericSlot;
    private readonly int[] _numericPosition;
    private readonly float[] _numericImputed;
    private readonly Dictionary<int, float[]> _thresholdsBySlot;

    private TreeEnsembleScorer(FeatureSchema schema, FeatureLayout layout, int[] compactOf, List<FlatTree> trees,
        PlattCalibration calibration, string description)
        : base(schema, layout, feature => feature >= 0 ? compactOf[feature] : -1, description)
    {
        _calibration = calibration;

        _wordStart = new int[trees.Count + 1];
        _leafStart = new int[trees.Count];
        var leaves = new List<double>();
        for (var t = 0; t < trees.Count; t++)
        {
            _wordStart[t + 1] = _wordStart[t] + trees[t].Words;
            _leafStart[t] = leaves.Count;
            leaves.AddRange(trees[t].Leaves);
        }

        _leaves = [.. leaves];

        var used = compactOf.Count(c => c >= 0);
        var splits = trees.SelectMany((tree, t) => tree.Splits.Select(s => (s.Feature, s.Threshold, Word: _wordStart[t] + s.Word, s.Mask)))
            .OrderBy(s => s.Feature).ThenBy(s => s.Threshold).ToArray();
        _splitStart = new int[used + 1];
        foreach (var split in splits) _splitStart[split.Feature + 1]++;
        for (var f = 0; f < used; f++) _splitStart[f + 1] += _splitStart[f];
        _splitThreshold = splits.Select(s => s.Threshold).ToArray();
        _splitWord = splits.Select(s => s.Word).ToArray();
        _splitMask = splits.Select(s => s.Mask).ToArray();

        _template = new float[used];
        for (var j = 0; j < compactOf.Length; j++)
            if (compactOf[j] >= 0) _template[compactOf[j]] = layout.Constants[j];

        var numeric = Enumerable.Range(0, layout.NumericTarget.Length).Where(i => layout.NumericTarget[i] >= 0 && compactOf[layout.NumericTarget[i]] >= 0).ToArray();
        _numericSlot = numeric;
        _numericPosition = numeric.Select(i => compactOf[layout.NumericTarget[i]]).ToArray();
        _numericImputed = numeric.Select(i => layout.Imputed[i]).ToArray();
        _thresholdsBySlot = numeric.ToDictionary(i => i, i =>
        {
            var f = compactOf[layout.NumericTarget[i]];
            return _splitThreshold[_splitStart[f].._splitStart[f + 1]].Distinct().ToArray();
        });
    }

    public static bool TryCreate(string kind, IReadOnlyList<RegressionTreeBase> trees, FeatureSchema schema, FeatureLayout layout,
        PlattCalibration calibration, [NotNullWhen(true)] out CompiledScorer? scorer, [NotNullWhen(false)] out string? why)
    {
        scorer = null;
        var split = new List<SplitTree>(trees.Count);
        for (var t = 0; t < trees.Count; t++)
        {
            var tree = trees[t];
            if (tree.CategoricalSplitFlags.Any(c => c))
            {
                why = $"tree {t} has categorical splits";
                return false;
            }

            // ML.NET scores a tree without splits, or with LteChild[0] == 0 (an empty tree), as 0.
            split.Add(tree.NumberOfNodes == 0 || tree.LeftChild[0] == 0
                ? SplitTree.Leaf(0.0)
                : new SplitTree([.. tree.LeftChild], [.. tree.RightChild], [.. tree.NumericalSplitFeatureIndexes], [.. tree.NumericalSplitThresholds], [.. tree.LeafValues]));
        }

        return TryCreate(kind, split, schema, layout, calibration, out scorer, out why);
    }

    /// <summary>Compiles trees given as split arrays (from ML.NET or from an ONNX TreeEnsembleClassifier); "left" means feature &lt;= threshold, NaN goes right.</summary>
    internal static bool TryCreate(string kind, IReadOnlyList<SplitTree> trees, FeatureSchema schema, FeatureLayout layout,
        PlattCalibration calibration, [NotNullWhen(true)] out CompiledScorer? scorer, [NotNullWhen(false)] out string? why)
    {
        scorer = null;
        var compactOf = new int[layout.Width];
        Array.Fill(compactOf, -1);
        var used = 0;
        var flat = new List<FlatTree>(trees.Count);
        for (var t = 0; t < trees.Count; t++)
        {
            var tree = trees[t];
            if (tree.Nodes == 0)
            {
                flat.Add(new FlatTree([], [tree.LeafValues[0]], 1));
                continue;
            }

            for (var n = 0; n < tree.Nodes; n++)
            {
                var feature = tree.Feature[n];
                if (feature < 0 || feature >= layout.Width)
                {
                    why = $"tree {t} splits on feature {feature}, outside the {layout.Width} features";
                    return false;
                }

                if (compactOf[feature] < 0) compactOf[feature] = used++;
            }

            flat.Add(FlatTree.From(tree, compactOf));
        }

        var splits = trees.Sum(t => t.Nodes);
        var description = $"{kind}: {trees.Count} trees, {splits} splits on {used} of {layout.Width} features, Platt({calibration.Slope:G6}, {calibration.Offset:G6})";
        scorer = new TreeEnsembleScorer(schema, layout, compactOf, flat, calibration, description);
        why = null;
        return true;
    }

    public override float Score(ModelInput row) => _calibration.Probability((float)Raw(row));

    internal override double Raw(ModelInput row)
    {
        float[]? rentedFeatures = null;
        ulong[]? rentedMasks = null;
        var features = _template.Length <= MaxStackFeatures
            ? stackalloc float[_template.Length]
            : (rentedFeatures = ArrayPool<float>.Shared.Rent(_template.Length)).AsSpan(0, _template.Length);
        var words = _wordStart[^1];
        var masks = words <= MaxStackFeatures
            ? stackalloc ulong[words]
            : (rentedMasks = ArrayPool<ulong>.Shared.Rent(words)).AsSpan(0, words);
        try
        {
            Featurize(row, features);
            return Evaluate(features, masks);
        }
        finally
        {
            if (rentedFeatures is not null) ArrayPool<float>.Shared.Return(rentedFeatures);
            if (rentedMasks is not null) ArrayPool<ulong>.Shared.Return(rentedMasks);
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

    private double Evaluate(ReadOnlySpan<float> features, Span<ulong> masks)
    {
        masks.Fill(ulong.MaxValue);
        var start = _splitStart;
        var thresholds = _splitThreshold;
        var word = _splitWord;
        var clear = _splitMask;
        for (var f = 0; f < features.Length; f++)
        {
            var x = features[f];
            // "Not x <= t" rather than "x > t": NaN fails every test, as in ML.NET, and goes right.
            for (int k = start[f], end = start[f + 1]; k < end && !(x <= thresholds[k]); k++)
                masks[word[k]] &= clear[k];
        }

        var leaves = _leaves;
        var leafStart = _leafStart;
        var wordStart = _wordStart;
        var sum = 0.0;
        for (var t = 0; t < leafStart.Length; t++)
        {
            // The exit leaf is never cleared, so some word of the tree is non-zero.
            var w = wordStart[t];
            while (masks[w] == 0) w++;
            sum += leaves[leafStart[t] + (w - wordStart[t]) * MaskBits + BitOperations.TrailingZeroCount(masks[w])];
        }

        return sum;
    }

    /// <summary>
    /// One tree: its leaf values left to right, in <see cref="Words"/> 64-bit mask words, and per split the leaves of its
    /// left subtree as (word, bits to keep) entries, one per word the subtree touches.
    /// </summary>
    private sealed record FlatTree(IReadOnlyList<(int Feature, float Threshold, int Word, ulong Mask)> Splits, IReadOnlyList<double> Leaves, int Words)
    {
        public static FlatTree From(SplitTree tree, int[] compactOf)
        {
            var splits = new List<(int, float, int, ulong)>();
            var leaves = new List<double>();
            Visit(0);
            return new FlatTree(splits, leaves, (leaves.Count + MaskBits - 1) / MaskBits);

            // In-order: returns the left-to-right range [first, end) of the leaves under child.
            (int First, int End) Visit(int child)
            {
                if (child < 0)
                {
                    leaves.Add(tree.LeafValues[~child]);
                    return (leaves.Count - 1, leaves.Count);
                }

                var (first, middle) = Visit(tree.LeftChild[child]);
                var (_, end) = Visit(tree.RightChild[child]);
                var feature = compactOf[tree.Feature[child]];
                var threshold = tree.Threshold[child];
                for (var word = first / MaskBits; word * MaskBits < middle; word++)
                {
                    var lo = Math.Max(first, word * MaskBits) - word * MaskBits;
                    var hi = Math.Min(middle, (word + 1) * MaskBits) - word * MaskBits;
                    var left = hi - lo == MaskBits ? ulong.MaxValue : ((1UL << (hi - lo)) - 1) << lo;
                    splits.Add((feature, threshold, word, ~left));
                }

                return (first, end);
            }
        }
    }
}
