using System.Diagnostics.CodeAnalysis;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using Portal.Core.Serving;
using Portal.Core.Serving.Scoring;
using Portal.Core.Training;

namespace Portal.Core.Explanations;

/// <summary>
/// Permutation importance's scores for a tree model (FastTree, LightGbm, FastForest) without ML.NET's predictor, which
/// costs ~10 µs a row (LightGbm with categorical splits) on each of the ~100 passes over the same rows. The rows are
/// featurized once by the model's own featurizer; a row with feature f taken from row p is its vector with the entries
/// f owns (<see cref="FeatureLayoutProbe"/>: a numeric slot's index, a categorical slot's indicators) taken from row p's
/// vector; only the trees that split on an entry f owns are walked again, every other tree's output is the row's own.
/// The walk is ML.NET's (InternalRegressionTree.GetLeafCore: a numeric split goes left when value &lt;= threshold, a
/// categorical one right when any of its indicators is &gt; 0; a tree without splits scores 0); the outputs are summed
/// in tree order in double, narrowed to float and Platt-calibrated as ML.NET does. <see cref="TryCreate"/> proves that
/// on the unpermuted rows (every probability equal to ML.NET's, to the bit) and declines otherwise, and declines rows
/// holding NaN (LightGbm routes NaN by per-node defaults ML.NET keeps private).
/// </summary>
internal sealed class PermutedTreeScores
{
    private const int ChunkRows = 512;

    // Each row's tree outputs are kept (8 bytes a row and tree): 20,000 rows x 100 trees is 16 MB; past this many
    // (a sweep's 1,000-tree candidates) ML.NET's path is taken instead of holding hundreds of MB.
    public const long MaxCachedOutputs = 8_000_000;

    private readonly Tree[] _trees;
    private readonly PlattCalibration _calibration;
    private readonly int _width;
    private readonly int _threads;

    // The featurized rows, sparse: row r's entries are [_start[r], _start[r + 1]) of _index/_value, ascending; _owner
    // is each entry's user feature (-1: none).
    private readonly int[] _start;
    private readonly int[] _index;
    private readonly float[] _value;
    private readonly int[] _owner;

    // Each row's tree outputs (row-major), and per user feature the trees that read an entry it owns.
    private readonly double[] _outputs;
    private readonly int[][] _treesOf;

    private PermutedTreeScores(Tree[] trees, PlattCalibration calibration, int width, int threads, int[] start, int[] index, float[] value, int[] owner, int[][] treesOf)
    {
        _trees = trees;
        _calibration = calibration;
        _width = width;
        _threads = threads;
        _start = start;
        _index = index;
        _value = value;
        _owner = owner;
        _treesOf = treesOf;
        _outputs = new double[(start.Length - 1) * trees.Length];
    }

    public int Rows => _start.Length - 1;

    /// <summary>
    /// The scorer for <paramref name="rows"/> of <paramref name="schema"/> under <paramref name="model"/>, when it reproduces
    /// <paramref name="expected"/> (ML.NET's probability of each row) exactly; otherwise null and <paramref name="why"/>.
    /// </summary>
    public static PermutedTreeScores? TryCreate(ITransformer model, FeatureSchema schema, IReadOnlyList<ModelInput> rows, IReadOnlyList<double> expected, [NotNullWhen(false)] out string? why, int threads = 1, long maxOutputs = MaxCachedOutputs)
    {
        if (!ModelParts.TryDecompose(model, out var parts, out why)) return null;
        if (parts.Normalizer is not null) return Fail(out why, "a normalizer precedes the predictor");
        IReadOnlyList<RegressionTreeBase>? ensemble = parts.Predictor switch
        {
            FastTreeBinaryModelParameters fastTree => fastTree.TrainedTreeEnsemble.Trees,
            LightGbmBinaryModelParameters lightGbm => lightGbm.TrainedTreeEnsemble.Trees,
            FastForestBinaryModelParameters forest => forest.TrainedTreeEnsemble.Trees,
            _ => null,
        };
        if (ensemble is null) return Fail(out why, $"its predictor {parts.Predictor.GetType().Name} is not a tree ensemble");
        if (!FeatureLayoutProbe.TryProbe(parts, schema, out var layout, out _, out why)) return null;
        var owners = ExplainableModel.Owners(schema, layout);
        if ((long)rows.Count * ensemble.Count > maxOutputs)
            return Fail(out why, FormattableString.Invariant($"{rows.Count} rows x {ensemble.Count} trees is more outputs than it keeps ({maxOutputs})"));
        var trees = ensemble.Select(Tree.From).ToArray();
        if (trees.Any(t => t.Features.Any(f => f < 0 || f >= layout.Width)))
            return Fail(out why, $"a tree splits outside the {layout.Width} features");

        var ml = new MLContext();
        var featurized = parts.Featurizer.Transform(ml.Data.LoadFromEnumerable(rows, ModelRowSchema.For(schema)));
        var column = featurized.Schema[parts.FeatureColumn];
        if (column.Type is not VectorDataViewType { Size: var width } || width != layout.Width)
            return Fail(out why, "the feature vector is not the probed width");

        var start = new List<int> { 0 };
        var index = new List<int>();
        var value = new List<float>();
        var buffer = default(VBuffer<float>);
        using (var cursor = featurized.GetRowCursor([column]))
        {
            var getter = cursor.GetGetter<VBuffer<float>>(column);
            while (cursor.MoveNext())
            {
                getter(ref buffer);
                foreach (var (i, v) in buffer.Items())
                {
                    if (float.IsNaN(v)) return Fail(out why, "a row's feature vector holds NaN");
                    if (v == 0) continue;
                    index.Add(i);
                    value.Add(v);
                }

                start.Add(index.Count);
            }
        }

        if (start.Count - 1 != rows.Count || expected.Count != rows.Count) return Fail(out why, "the featurizer did not give one vector per row");
        var treesOf = Enumerable.Range(0, schema.Features.Count)
            .Select(f => Enumerable.Range(0, trees.Length).Where(t => trees[t].Features.Any(i => owners[i] == f)).ToArray())
            .ToArray();
        var scores = new PermutedTreeScores(trees, calibration: parts.Calibration, layout.Width, Math.Max(1, threads), [.. start], [.. index], [.. value], [.. index.Select(i => owners[i])], treesOf);
        var baseline = scores.Baseline();
        for (var r = 0; r < baseline.Length; r++)
            if (baseline[r] != expected[r])
                return Fail(out why, FormattableString.Invariant($"row {r} scores {baseline[r]:R} here but {expected[r]:R} in ML.NET"));
        return scores;
    }

    /// <summary>Each row's probability with user feature <paramref name="feature"/> taken from row <paramref name="source"/>[i].</summary>
    public double[] Permuted(int feature, int[] source)
    {
        if (source.Length != Rows) throw new ArgumentException("One source row per row is needed.", nameof(source));
        var affected = _treesOf[feature];
        var scores = new double[Rows];
        // Rows are independent: chunks of them run in parallel, each with its own scratch (the result does not depend on it).
        Parallel.For(0, (Rows + ChunkRows - 1) / ChunkRows, new ParallelOptions { MaxDegreeOfParallelism = _threads }, chunk =>
        {
            var outputs = new double[_trees.Length];
            var scratch = new Scratch(_width);
            for (int r = chunk * ChunkRows, end = Math.Min(Rows, r + ChunkRows); r < end; r++)
            {
                // The row's own entries except the feature's, then the source row's entries of the feature.
                for (var k = _start[r]; k < _start[r + 1]; k++)
                    if (_owner[k] != feature) scratch.Set(_index[k], _value[k]);
                var p = source[r];
                for (var k = _start[p]; k < _start[p + 1]; k++)
                    if (_owner[k] == feature) scratch.Set(_index[k], _value[k]);

                Array.Copy(_outputs, r * _trees.Length, outputs, 0, _trees.Length);
                foreach (var t in affected) outputs[t] = _trees[t].Output(scratch);
                scores[r] = Probability(outputs);
                scratch.Clear();
            }
        });

        return scores;
    }

    /// <summary>Walks every tree for every row as it is, keeping the outputs; the rows' probabilities.</summary>
    private double[] Baseline()
    {
        var scratch = new Scratch(_width);
        var scores = new double[Rows];
        for (var r = 0; r < Rows; r++)
        {
            for (var k = _start[r]; k < _start[r + 1]; k++) scratch.Set(_index[k], _value[k]);
            var outputs = _outputs.AsSpan(r * _trees.Length, _trees.Length);
            for (var t = 0; t < _trees.Length; t++) outputs[t] = _trees[t].Output(scratch);
            scores[r] = Probability(outputs);
            scratch.Clear();
        }

        return scores;
    }

    private double Probability(ReadOnlySpan<double> outputs)
    {
        // ML.NET's ensemble: the tree outputs summed in tree order in double, the sum narrowed to float.
        var sum = 0.0;
        foreach (var o in outputs) sum += o;
        return _calibration.Probability((float)sum);
    }

    private static PermutedTreeScores? Fail(out string why, string reason)
    {
        why = reason;
        return null;
    }

    /// <summary>
    /// One row's feature vector, dense, all zeros between rows (only what was set is cleared), with a bit set of its
    /// positive entries: a categorical split (a dozen indicators on average, hundreds at most) tests 64 at a time.
    /// </summary>
    private sealed class Scratch(int width)
    {
        private readonly List<int> _set = [];

        public float[] Values { get; } = new float[width];
        public ulong[] Positive { get; } = new ulong[(width + 63) / 64];

        public void Set(int index, float value)
        {
            Values[index] = value;
            if (value > 0f) Positive[index >> 6] |= 1UL << (index & 63);
            _set.Add(index);
        }

        public void Clear()
        {
            foreach (var i in _set)
            {
                Values[i] = 0;
                Positive[i >> 6] = 0;
            }

            _set.Clear();
        }
    }

    /// <summary>One tree's nodes as ML.NET encodes them (child c &lt; 0 is leaf ~c); a categorical node keeps its indicators.</summary>
    private sealed class Tree(int[] left, int[] right, int[] feature, float[] threshold, Indicators?[] categorical, double[] leaves)
    {
        /// <summary>The feature-vector indices the tree reads.</summary>
        public IReadOnlyList<int> Features { get; } = Enumerable.Range(0, left.Length)
            .SelectMany(n => categorical[n]?.Features ?? [feature[n]]).Distinct().ToArray();

        public static Tree From(RegressionTreeBase tree)
        {
            // ML.NET scores a tree without splits, or with LteChild[0] == 0 (an empty tree), as 0.
            if (tree.NumberOfNodes == 0 || tree.LeftChild[0] == 0) return new Tree([], [], [], [], [], [0.0]);
            var categorical = new Indicators?[tree.NumberOfNodes];
            for (var n = 0; n < categorical.Length; n++)
                if (tree.CategoricalSplitFlags[n]) categorical[n] = new Indicators([.. tree.GetCategoricalSplitFeaturesAt(n)]);
            return new Tree([.. tree.LeftChild], [.. tree.RightChild], [.. tree.NumericalSplitFeatureIndexes], [.. tree.NumericalSplitThresholds], categorical, [.. tree.LeafValues]);
        }

        public double Output(Scratch row)
        {
            if (left.Length == 0) return leaves[0];
            var values = row.Values;
            var node = 0;
            while (node >= 0)
            {
                if (categorical[node] is { } indicators)
                    node = indicators.AnyPositive(row.Positive) ? right[node] : left[node];
                else
                    node = values[feature[node]] <= threshold[node] ? left[node] : right[node];
            }

            return leaves[~node];
        }
    }

    /// <summary>A categorical split's indicator features, as a bit set from word <c>min / 64</c>.</summary>
    private sealed class Indicators
    {
        private readonly int _firstWord;
        private readonly ulong[] _bits;

        public Indicators(int[] features)
        {
            Features = features;
            if (features.Length == 0)
            {
                // No indicators: ML.NET goes left whatever the row holds.
                _bits = [];
                return;
            }

            _firstWord = features.Min() >> 6;
            _bits = new ulong[(features.Max() >> 6) - _firstWord + 1];
            foreach (var f in features) _bits[(f >> 6) - _firstWord] |= 1UL << (f & 63);
        }

        public int[] Features { get; }

        public bool AnyPositive(ulong[] positive)
        {
            for (var w = 0; w < _bits.Length; w++)
                if ((positive[_firstWord + w] & _bits[w]) != 0) return true;
            return false;
        }
    }
}
