namespace Portal.Core.Serving.Scoring;

/// <summary>
/// An affine normalizer of the feature vector, (x - offset) * scale per index in float as ML.NET computes it;
/// an empty offset means 0 (NormalizeMeanVariance keeps zeros at zero by default).
/// </summary>
internal sealed class AffineNormalization(float[] scale, float[] offset)
{
    public float Apply(int index, float value) =>
        offset.Length == 0 ? value * scale[index] : (value - offset[index]) * scale[index];
}
