namespace Portal.Core.Serving.Scoring;

/// <summary>
/// ML.NET's Platt calibrator as a value: P = 1 / (1 + exp(Slope * score + Offset)), evaluated exactly as
/// <c>PlattCalibrator.PredictProbability</c> does (the float score widened to double, the result narrowed to float,
/// NaN passed through), so compiled and engine probabilities agree to the bit.
/// </summary>
internal readonly record struct PlattCalibration(double Slope, double Offset)
{
    public float Probability(float score) =>
        float.IsNaN(score) ? score : (float)(1 / (1 + Math.Exp(Slope * score + Offset)));
}
