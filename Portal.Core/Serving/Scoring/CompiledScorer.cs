using System.Diagnostics.CodeAnalysis;
using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using Portal.Core.Datasets;
using Portal.Core.Training;

namespace Portal.Core.Serving.Scoring;

/// <summary>
/// A model compiled out of ML.NET into flat arrays: immutable, so one instance serves every thread, and it allocates
/// nothing per row (a PredictionEngine is neither thread-safe nor as fast). <see cref="TryCompile"/> handles tree
/// ensembles (FastTree, LightGbm, FastForest) and logistic regression behind an imputing, one-hot encoding featurizer
/// with Platt calibration; anything else is declined with a reason, and the caller keeps the engine pool.
/// Compiling proves the structure; <see cref="ScorerVerification"/> proves the numbers against the engine.
/// </summary>
public abstract class CompiledScorer
{
    /// <summary>Wider compact feature vectors than this are rented rather than stack-allocated.</summary>
    private protected const int MaxStackFeatures = 1024;

    private readonly CategoryLookup[] _categories;
    private readonly float[] _imputed;

    private protected CompiledScorer(FeatureSchema schema, FeatureLayout layout, Func<int, int> categoryTarget, string description)
    {
        Description = description;
        var slotInstances = schema.Features.Where(f => f.Type == ColumnType.Categorical).Select(f => f.Categories ?? []).ToList();
        _categories = new CategoryLookup[layout.Categorical.Length];
        for (var s = 0; s < _categories.Length; s++)
        {
            IEnumerable<string> instances = s < slotInstances.Count ? slotInstances[s] : [];
            _categories[s] = new CategoryLookup(layout.Categorical[s], instances.Append(FeatureSchema.MissingCategory).Append(FeatureSchema.OtherCategory), categoryTarget);
        }

        _imputed = layout.NumericTarget.Select((target, i) => target >= 0 ? layout.Imputed[i] : float.NaN).ToArray();
    }

    /// <summary>What was compiled, e.g. "FastTree: 100 trees, 700 splits on 23 of 58 features, Platt(-0.2, 0)".</summary>
    public string Description { get; }

    /// <summary>The calibrated probability of the positive class for one row (vectors sized by <see cref="ModelInput.For"/>).</summary>
    public abstract float Score(ModelInput row);

    /// <summary>Scores <paramref name="rows"/> into <paramref name="probabilities"/> (same length).</summary>
    public virtual void ScoreBatch(ReadOnlySpan<ModelInput> rows, Span<float> probabilities)
    {
        if (probabilities.Length != rows.Length) throw new ArgumentException("One probability per row is needed.", nameof(probabilities));
        for (var r = 0; r < rows.Length; r++) probabilities[r] = Score(rows[r]);
    }

    /// <summary>
    /// Compiles <paramref name="model"/> (inputs: <see cref="ModelInput"/> rows of <paramref name="schema"/>), or says
    /// in <paramref name="why"/> what it cannot compile.
    /// </summary>
    public static bool TryCompile(ITransformer model, FeatureSchema schema, [NotNullWhen(true)] out CompiledScorer? scorer, [NotNullWhen(false)] out string? why)
    {
        scorer = null;
        if (!ModelParts.TryDecompose(model, out var parts, out why)) return false;
        if (parts.Normalizer is not null && parts.Predictor is not LinearBinaryModelParameters)
        {
            why = "only linear models are compiled behind a normalizer";
            return false;
        }

        if (!FeatureLayoutProbe.TryProbe(parts, schema, out var layout, out var normalization, out why)) return false;
        switch (parts.Predictor)
        {
            case FastTreeBinaryModelParameters fastTree:
                return TreeEnsembleScorer.TryCreate("FastTree", fastTree.TrainedTreeEnsemble.Trees, schema, layout, parts.Calibration, out scorer, out why);
            case LightGbmBinaryModelParameters lightGbm:
                // LightGBM routes NaN by per-node defaults that ML.NET keeps private: compile only when NaN cannot reach a split.
                if (layout.PassesMissing)
                {
                    why = "LightGbm trees would see missing values, whose routing ML.NET does not expose";
                    return false;
                }

                return TreeEnsembleScorer.TryCreate("LightGbm", lightGbm.TrainedTreeEnsemble.Trees, schema, layout, parts.Calibration, out scorer, out why);
            case FastForestBinaryModelParameters forest:
                return TreeEnsembleScorer.TryCreate("FastForest", forest.TrainedTreeEnsemble.Trees, schema, layout, parts.Calibration, out scorer, out why);
            case LinearBinaryModelParameters linear:
                if (linear.Weights.Count != layout.Width)
                {
                    why = $"it has {linear.Weights.Count} weights for {layout.Width} features";
                    return false;
                }

                scorer = LinearScorer.Create(linear, schema, layout, normalization, parts.Calibration);
                return true;
            default:
                why = $"its predictor {parts.Predictor.GetType().Name} is not one the compiler knows";
                return false;
        }
    }

    /// <summary>The raw score (the Platt calibration's argument) of one row, in double: explanations are checked against it.</summary>
    internal abstract double Raw(ModelInput row);

    /// <summary>How many numeric slots a row has (the length of <see cref="ModelInput.Numeric"/>).</summary>
    internal int NumericSlots => _imputed.Length;

    /// <summary>What numeric slot <paramref name="slot"/> becomes when missing (NaN when the model does not read it).</summary>
    internal float Imputed(int slot) => _imputed[slot];

    /// <summary>Values worth probing numeric slot <paramref name="slot"/> with: split thresholds and their neighbours.</summary>
    internal abstract IReadOnlyList<float> ProbeValues(int slot);

    /// <summary>The scorer's target for categorical slot <paramref name="slot"/>'s value <paramref name="category"/>.</summary>
    private protected int Category(int slot, string? category) => _categories[slot].Find(category);

    private protected int CategoricalSlots => _categories.Length;
}
