using System.Diagnostics.CodeAnalysis;
using Microsoft.ML;
using Portal.Core.Serving;
using Portal.Core.Training;

namespace Portal.Core.Explanations;

/// <summary>
/// What exact explanations need from the training rows, kept with the version: per tree the covers of every node
/// (path-dependent TreeSHAP weighs each branch by them), or for a linear model the mean of each normalized feature
/// (the point its values are measured from). <see cref="Rows"/> is how many training rows it was computed over.
/// </summary>
public sealed record ExplanationBackground(string Kind, int Rows, IReadOnlyList<TreeCovers>? Trees, IReadOnlyList<double>? Means)
{
    public const string TreesKind = "trees";
    public const string LinearKind = "linear";

    /// <summary>
    /// Computes the background of <paramref name="model"/> over <paramref name="trainingRows"/> (the training part of
    /// the split, as <see cref="ModelInput"/> rows of <paramref name="schema"/>), or says why it cannot.
    /// </summary>
    public static bool TryCompute(ITransformer model, FeatureSchema schema, IEnumerable<ModelInput> trainingRows,
        [NotNullWhen(true)] out ExplanationBackground? background, [NotNullWhen(false)] out string? why)
    {
        background = null;
        if (!ExplainableModel.TryDecompose(model, schema, out var explainable, out why)) return false;
        var features = new float[explainable.Layout.Width];
        var rows = 0;
        if (explainable.Trees is { } trees)
        {
            var covers = trees.Select(t => new TreeCovers(new int[t.SplitCount], new int[t.LeafCount])).ToArray();
            foreach (var row in trainingRows)
            {
                explainable.Layout.Fill(row, features);
                for (var t = 0; t < trees.Count; t++) trees[t].Count(features, covers[t]);
                rows++;
            }

            background = new ExplanationBackground(TreesKind, rows, covers, null);
        }
        else
        {
            var linear = explainable.Linear!;
            var sums = new double[features.Length];
            foreach (var row in trainingRows)
            {
                explainable.Layout.Fill(row, features);
                for (var j = 0; j < features.Length; j++) sums[j] += linear.Normalize(j, features[j]);
                rows++;
            }

            background = new ExplanationBackground(LinearKind, rows, null, sums.Select(s => rows == 0 ? 0 : s / rows).ToArray());
        }

        if (rows == 0)
        {
            background = null;
            why = "there are no training rows to compute it from";
            return false;
        }

        why = null;
        return true;
    }
}
