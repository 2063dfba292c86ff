namespace Portal.Core.Explanations;

/// <summary>
/// Path-dependent TreeSHAP (Lundberg, Erion and Lee 2018, "Consistent Individualized Feature Attribution for Tree
/// Ensembles", Algorithm 2), as in the shap package's C implementation: one pass down the tree keeps, for the path's
/// unique features, the proportion of subsets of each size that reach the current node ("zero" fraction: the cover
/// share of the branch taken; "one" fraction: 1 if the row itself takes it); at a leaf each feature on the path gets
/// its unwound weight times the leaf value. The values sum to the leaf the row reaches minus the tree's expected
/// value under covers.
/// </summary>
internal static class TreeShap
{
    /// <summary>Adds the tree's values for <paramref name="features"/> into <paramref name="phi"/> (indexed like the feature vector).</summary>
    public static void Add(ExplainedTree tree, CoverFractions covers, ReadOnlySpan<float> features, Span<double> phi, TreeShapWorkspace workspace)
    {
        if (tree.IsConstant) return;
        Recurse(tree, covers, features, phi, workspace, 0, 0, 0, 1, 1, -1);
    }

    /// <summary>The tree's mean leaf value under covers (a node's children weighed by their share of its cover).</summary>
    public static double Expected(ExplainedTree tree, CoverFractions covers)
    {
        return tree.IsConstant ? 0 : Of(0);

        double Of(int child) => child < 0
            ? tree.LeafValues[~child]
            : covers.Left[child] * Of(tree.Left[child]) + covers.Right[child] * Of(tree.Right[child]);
    }

    private static void Recurse(ExplainedTree tree, CoverFractions covers, ReadOnlySpan<float> x, Span<double> phi, TreeShapWorkspace w,
        int child, int parentStart, int depth, double parentZero, double parentOne, int parentFeature)
    {
        // This level's path starts after the parent's (which holds depth + 1 elements) and begins as its copy.
        var start = parentStart + depth + 1;
        var feature = w.PathFeature;
        var zero = w.PathZero;
        var one = w.PathOne;
        var weight = w.PathWeight;
        Array.Copy(feature, parentStart, feature, start, depth + 1);
        Array.Copy(zero, parentStart, zero, start, depth + 1);
        Array.Copy(one, parentStart, one, start, depth + 1);
        Array.Copy(weight, parentStart, weight, start, depth + 1);
        Extend(w, start, depth, parentZero, parentOne, parentFeature);

        if (child < 0)
        {
            var value = tree.LeafValues[~child];
            for (var i = 1; i <= depth; i++)
                phi[feature[start + i]] += UnwoundSum(w, start, depth, i) * (one[start + i] - zero[start + i]) * value;
            return;
        }

        var split = tree.Feature[child];
        var goesLeft = x[split] <= tree.Threshold[child];
        var (hot, cold) = goesLeft ? (tree.Left[child], tree.Right[child]) : (tree.Right[child], tree.Left[child]);
        var (hotZero, coldZero) = goesLeft ? (covers.Left[child], covers.Right[child]) : (covers.Right[child], covers.Left[child]);

        // A feature split on again below: undo its earlier entry and carry its fractions into this one.
        double incomingZero = 1, incomingOne = 1;
        var k = 0;
        while (k <= depth && feature[start + k] != split) k++;
        if (k <= depth)
        {
            incomingZero = zero[start + k];
            incomingOne = one[start + k];
            Unwind(w, start, depth, k);
            depth--;
        }

        Recurse(tree, covers, x, phi, w, hot, start, depth + 1, hotZero * incomingZero, incomingOne, split);
        // A branch no training row took, on a path the row did not take, weighs every subset by 0: it adds nothing.
        if (coldZero * incomingZero != 0)
            Recurse(tree, covers, x, phi, w, cold, start, depth + 1, coldZero * incomingZero, 0, split);
    }

    private static void Extend(TreeShapWorkspace w, int start, int depth, double zeroFraction, double oneFraction, int featureIndex)
    {
        var weight = w.PathWeight;
        w.PathFeature[start + depth] = featureIndex;
        w.PathZero[start + depth] = zeroFraction;
        w.PathOne[start + depth] = oneFraction;
        weight[start + depth] = depth == 0 ? 1 : 0;
        for (var i = depth - 1; i >= 0; i--)
        {
            weight[start + i + 1] += oneFraction * weight[start + i] * (i + 1) / (depth + 1);
            weight[start + i] = zeroFraction * weight[start + i] * (depth - i) / (depth + 1);
        }
    }

    private static void Unwind(TreeShapWorkspace w, int start, int depth, int index)
    {
        var weight = w.PathWeight;
        var oneFraction = w.PathOne[start + index];
        var zeroFraction = w.PathZero[start + index];
        var next = weight[start + depth];
        for (var i = depth - 1; i >= 0; i--)
        {
            if (oneFraction != 0)
            {
                var kept = weight[start + i];
                weight[start + i] = next * (depth + 1) / ((i + 1) * oneFraction);
                next = kept - weight[start + i] * zeroFraction * (depth - i) / (depth + 1);
            }
            else
            {
                weight[start + i] = weight[start + i] * (depth + 1) / (zeroFraction * (depth - i));
            }
        }

        for (var i = index; i < depth; i++)
        {
            w.PathFeature[start + i] = w.PathFeature[start + i + 1];
            w.PathZero[start + i] = w.PathZero[start + i + 1];
            w.PathOne[start + i] = w.PathOne[start + i + 1];
        }
    }

    private static double UnwoundSum(TreeShapWorkspace w, int start, int depth, int index)
    {
        var weight = w.PathWeight;
        var oneFraction = w.PathOne[start + index];
        var zeroFraction = w.PathZero[start + index];
        var next = weight[start + depth];
        var total = 0.0;
        for (var i = depth - 1; i >= 0; i--)
        {
            if (oneFraction != 0)
            {
                var part = next * (depth + 1) / ((i + 1) * oneFraction);
                total += part;
                next = weight[start + i] - part * zeroFraction * (depth - i) / (depth + 1);
            }
            else if (zeroFraction != 0)
            {
                total += weight[start + i] / zeroFraction / ((double)(depth - i) / (depth + 1));
            }
        }

        return total;
    }
}
