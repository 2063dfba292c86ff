namespace Portal.Core.Explanations;

/// <summary>
/// One user feature's part in a prediction: <see cref="Value"/> in logit space (exact), <see cref="ProbabilityValue"/>
/// the step it makes in probability along the waterfall (see <see cref="Explanation"/>), and the row's value as the
/// model read it (<see cref="Input"/>: a number, a category, or null when missing).
/// </summary>
public sealed record FeatureContribution(string Feature, double Value, double ProbabilityValue, object? Input);
