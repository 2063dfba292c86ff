namespace Portal.Core.Statistics;

/// <summary>
/// One bin of a reliability diagram: probabilities in (<see cref="Lower"/>, <see cref="Upper"/>] (the first bin also
/// holds 0), how many fell in it, their mean and the fraction of them that were positive (both null when empty).
/// </summary>
public sealed record ReliabilityBin(double Lower, double Upper, int Count, double? MeanPredicted, double? FractionPositive);
