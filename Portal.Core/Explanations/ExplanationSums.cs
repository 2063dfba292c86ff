namespace Portal.Core.Explanations;

/// <summary>
/// The totals of one explanation in the model's logit space (the argument of its Platt calibration, negated):
/// <see cref="BaseValue"/> + the per-feature values = <see cref="Logit"/>. <see cref="Raw"/> is the model's raw
/// score (sum of leaves, or bias + w . x) in double.
/// </summary>
public readonly record struct ExplanationSums(double BaseValue, double Logit, double Raw)
{
    /// <summary>The probability the logit calibrates to (the served probability before its narrowing to float).</summary>
    public double Probability => Sigmoid(Logit);

    public double ProbabilityBase => Sigmoid(BaseValue);

    public static double Sigmoid(double logit) => 1 / (1 + Math.Exp(-logit));
}
