using Microsoft.ML.Data;
using Portal.Core.Training;

namespace Portal.Core.Serving;

/// <summary>
/// The one row type of every model. Vector sizes are set per model at run time through
/// <see cref="ModelRowSchema"/>, so no class is compiled per model. Numeric (and boolean, as 0/1)
/// features fill <see cref="Numeric"/> with NaN for missing; categorical ones fill <see cref="Categorical"/>.
/// </summary>
public sealed class ModelInput
{
    public float[] Numeric { get; set; } = [];
    public string[] Categorical { get; set; } = [];
    public bool Label { get; set; }

    /// <summary>A row with vectors sized for <paramref name="schema"/> (never empty: ML.NET needs a size of at least 1).</summary>
    public static ModelInput For(FeatureSchema schema) => new()
    {
        Numeric = new float[Math.Max(1, schema.NumericCount)],
        Categorical = Enumerable.Repeat(FeatureSchema.MissingCategory, Math.Max(1, schema.CategoricalCount)).ToArray(),
    };
}

/// <summary>What a binary classifier answers; <see cref="Probability"/> is calibrated for every trainer.</summary>
public sealed class ModelOutput
{
    [ColumnName("PredictedLabel")]
    public bool PredictedLabel { get; set; }

    public float Score { get; set; }

    public float Probability { get; set; }
}
