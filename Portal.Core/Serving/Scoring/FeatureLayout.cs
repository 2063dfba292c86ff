namespace Portal.Core.Serving.Scoring;

/// <summary>
/// Where a row's values land in the predictor's feature vector, as learnt by <see cref="FeatureLayoutProbe"/>:
/// each numeric slot at one index (its imputed value when NaN), each (categorical slot, category) as a 1 at one
/// index or nowhere, everything else at a constant (0 for an indicator that is off).
/// </summary>
internal sealed class FeatureLayout(int width, int[] numericTarget, float[] imputed, CategorySlot[] categorical, float[] constants)
{
    /// <summary>The length of the feature vector.</summary>
    public int Width { get; } = width;

    /// <summary>Per numeric slot: its index in the feature vector, or -1 when the model does not read it.</summary>
    public int[] NumericTarget { get; } = numericTarget;

    /// <summary>Per numeric slot: the value the featurizer puts in place of NaN (NaN when it imputes nothing).</summary>
    public float[] Imputed { get; } = imputed;

    public CategorySlot[] Categorical { get; } = categorical;

    /// <summary>The feature vector before any slot is written (indicators off).</summary>
    public float[] Constants { get; } = constants;

    /// <summary>Whether NaN can reach the feature vector (a numeric slot the featurizer does not impute).</summary>
    public bool PassesMissing => NumericTarget.Where((target, i) => target >= 0 && float.IsNaN(Imputed[i])).Any();

    /// <summary>The feature vector of <paramref name="row"/>, as the featurizer would make it.</summary>
    public void Fill(ModelInput row, Span<float> features)
    {
        Constants.CopyTo(features);
        for (var i = 0; i < NumericTarget.Length; i++)
        {
            var target = NumericTarget[i];
            if (target < 0) continue;
            var value = row.Numeric[i];
            features[target] = float.IsNaN(value) ? Imputed[i] : value;
        }

        for (var s = 0; s < Categorical.Length; s++)
        {
            var target = Categorical[s].Target(row.Categorical[s]);
            if (target >= 0) features[target] = 1f;
        }
    }
}
