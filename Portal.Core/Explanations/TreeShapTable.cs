namespace Portal.Core.Explanations;

/// <summary>
/// Path-dependent TreeSHAP for one tree with its subset sums precomputed (the idea of Fast TreeSHAP v2, Yang 2021), so a
/// row costs O(leaves x path length) instead of Algorithm 2's O(leaves x depth^2). For a leaf of value v whose path
/// splits on the d distinct features F, with z_j the product of the cover shares of the path's edges on j and o_j = 1
/// when the row takes all of them (else 0), the leaf gives feature f
/// v (o_f - z_f) sum over S in P\{f} of w(|S|, d) prod over j in F\S\{f} of z_j, with P = {j : o_j = 1} and
/// w(k, d) = k! (d-k-1)! / d!. With H(Q) = sum over S in Q of w(|S|, d) prod over j in F\S of z_j (one number per subset
/// Q of F, computed here once), that is v (1 - z_f) / z_f H(P\{f}) for f in P and -v H(P) for f not in P. A tree whose
/// paths have more than <see cref="MaxDistinct"/> distinct features, or a path share of 0, is left to
/// <see cref="TreeShap"/> (TryCreate answers null).
/// </summary>
internal sealed class TreeShapTable
{
    /// <summary>Beyond this many distinct features on one path the 2^d table per leaf costs more than it saves.</summary>
    public const int MaxDistinct = 12;

    private readonly int[] _splitFeature;
    private readonly float[] _splitThreshold;

    // Leaf l: its edges [_edgeStart[l], _edgeStart[l + 1]) (split, went left, slot in the leaf's distinct features); its
    // distinct features [_slotStart[l], _slotStart[l + 1]) (feature-vector index, (1 - z) / z); its table of v H(P) at _tableStart[l].
    private readonly int[] _edgeStart;
    private readonly int[] _edgeSplit;
    private readonly bool[] _edgeLeft;
    private readonly int[] _edgeSlot;
    private readonly int[] _slotStart;
    private readonly int[] _slotFeature;
    private readonly double[] _slotRatio;
    private readonly int[] _tableStart;
    private readonly double[] _table;

    private TreeShapTable(ExplainedTree tree, List<Leaf> leaves)
    {
        _splitFeature = tree.Feature;
        _splitThreshold = tree.Threshold;
        _edgeStart = new int[leaves.Count + 1];
        _slotStart = new int[leaves.Count + 1];
        _tableStart = new int[leaves.Count];
        var edgeSplit = new List<int>();
        var edgeLeft = new List<bool>();
        var edgeSlot = new List<int>();
        var slotFeature = new List<int>();
        var slotRatio = new List<double>();
        var table = new List<double>();
        for (var l = 0; l < leaves.Count; l++)
        {
            var leaf = leaves[l];
            foreach (var (split, left, slot) in leaf.Edges)
            {
                edgeSplit.Add(split);
                edgeLeft.Add(left);
                edgeSlot.Add(slot);
            }

            slotFeature.AddRange(leaf.Features);
            slotRatio.AddRange(leaf.Zero.Select(z => (1 - z) / z));
            _tableStart[l] = table.Count;
            table.AddRange(SubsetSums(leaf.Zero).Select(h => leaf.Value * h));
            _edgeStart[l + 1] = edgeSplit.Count;
            _slotStart[l + 1] = slotFeature.Count;
        }

        (_edgeSplit, _edgeLeft, _edgeSlot) = (edgeSplit.ToArray(), edgeLeft.ToArray(), edgeSlot.ToArray());
        (_slotFeature, _slotRatio, _table) = (slotFeature.ToArray(), slotRatio.ToArray(), table.ToArray());
    }

    /// <summary>How many splits the tree has: the length of the decisions scratch <see cref="Add"/> needs.</summary>
    public int Splits => _splitFeature.Length;

    /// <summary>The table for <paramref name="tree"/>, or null when <see cref="TreeShap"/> should explain it.</summary>
    public static TreeShapTable? TryCreate(ExplainedTree tree, CoverFractions covers)
    {
        if (tree.IsConstant) return null;
        var leaves = new List<Leaf>();
        var path = new List<(int Split, bool Left)>();
        return Collect(0) ? new TreeShapTable(tree, leaves) : null;

        bool Collect(int child)
        {
            if (child < 0)
            {
                var features = new List<int>();
                var zero = new List<double>();
                var edges = new List<(int, bool, int)>();
                foreach (var (split, left) in path)
                {
                    var slot = features.IndexOf(tree.Feature[split]);
                    if (slot < 0)
                    {
                        slot = features.Count;
                        features.Add(tree.Feature[split]);
                        zero.Add(1);
                    }

                    zero[slot] *= left ? covers.Left[split] : covers.Right[split];
                    edges.Add((split, left, slot));
                }

                if (features.Count > MaxDistinct || zero.Any(z => z <= 0)) return false;
                leaves.Add(new Leaf(tree.LeafValues[~child], features.ToArray(), zero.ToArray(), edges));
                return true;
            }

            path.Add((child, true));
            var ok = Collect(tree.Left[child]);
            path[^1] = (child, false);
            ok = ok && Collect(tree.Right[child]);
            path.RemoveAt(path.Count - 1);
            return ok;
        }
    }

    /// <summary>Adds the tree's raw-score values for <paramref name="x"/> into <paramref name="phi"/> (feature-vector indexed).</summary>
    public void Add(ReadOnlySpan<float> x, Span<double> phi, Span<bool> decisions)
    {
        var splitFeature = _splitFeature;
        var threshold = _splitThreshold;
        for (var n = 0; n < splitFeature.Length; n++)
            decisions[n] = x[splitFeature[n]] <= threshold[n];

        var edgeSplit = _edgeSplit;
        var edgeLeft = _edgeLeft;
        var edgeSlot = _edgeSlot;
        var slotFeature = _slotFeature;
        var slotRatio = _slotRatio;
        var table = _table;
        for (var l = 0; l < _tableStart.Length; l++)
        {
            var first = _slotStart[l];
            var d = _slotStart[l + 1] - first;
            var taken = (1 << d) - 1;
            for (int e = _edgeStart[l], end = _edgeStart[l + 1]; e < end; e++)
                if (decisions[edgeSplit[e]] != edgeLeft[e]) taken &= ~(1 << edgeSlot[e]);

            var at = _tableStart[l];
            var notTaken = table[at + taken];
            for (var s = 0; s < d; s++)
            {
                var bit = 1 << s;
                if ((taken & bit) != 0) phi[slotFeature[first + s]] += slotRatio[first + s] * table[at + (taken ^ bit)];
                else phi[slotFeature[first + s]] -= notTaken;
            }
        }
    }

    /// <summary>
    /// H(Q) for every subset Q of the d features (bit s = feature s): prod over j not in Q of z_j times
    /// sum over k of w(k, d) e_k(Q), where e_k(Q) is the coefficient of t^k in prod over j in Q of (z_j + t). H of the
    /// full set is never read (a feature in P is always left out of it) and is 0.
    /// </summary>
    private static double[] SubsetSums(double[] zero)
    {
        var d = zero.Length;
        var weight = new double[d];
        // k! (d-k-1)! / d! = 1 / (d C(d-1, k)); the binomials are exact in double for d <= MaxDistinct.
        var binomial = 1.0;
        for (var k = 0; k < d; k++)
        {
            weight[k] = 1 / (d * binomial);
            binomial = binomial * (d - 1 - k) / (k + 1);
        }

        var sums = new double[1 << d];
        var poly = new double[d + 1];
        for (var q = 0; q < (1 << d) - 1; q++)
        {
            Array.Clear(poly);
            poly[0] = 1;
            var size = 0;
            var outside = 1.0;
            for (var j = 0; j < d; j++)
            {
                if ((q & (1 << j)) == 0)
                {
                    outside *= zero[j];
                    continue;
                }

                // poly *= (z_j + t)
                size++;
                for (var k = size; k > 0; k--) poly[k] = poly[k] * zero[j] + poly[k - 1];
                poly[0] *= zero[j];
            }

            var inside = 0.0;
            for (var k = 0; k <= size; k++) inside += weight[k] * poly[k];
            sums[q] = outside * inside;
        }

        return sums;
    }

    private sealed record Leaf(double Value, int[] Features, double[] Zero, List<(int Split, bool Left, int Slot)> Edges);
}
