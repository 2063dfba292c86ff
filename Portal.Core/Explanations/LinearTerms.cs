using Portal.Core.Serving.Scoring;

namespace Portal.Core.Explanations;

/// <summary>A logistic regression's raw score, bias + w . normalize(x), term by term (normalized in float as ML.NET does).</summary>
internal sealed class LinearTerms(float[] weights, float bias, AffineNormalization? normalization)
{
    public float[] Weights { get; } = weights;
    public float Bias { get; } = bias;

    public double Normalize(int feature, float value) => normalization?.Apply(feature, value) ?? value;
}
