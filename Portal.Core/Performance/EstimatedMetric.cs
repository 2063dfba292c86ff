namespace Portal.Core.Performance;

/// <summary>An estimated metric with its band: estimate +- 3 sampling errors (as NannyML plots it), clipped to [0, 1].</summary>
public sealed record EstimatedMetric(double Value, double Lower, double Upper)
{
    public const double Sigmas = 3;

    public static EstimatedMetric Of(double value, double samplingError) =>
        new(value, Math.Max(0, value - Sigmas * samplingError), Math.Min(1, value + Sigmas * samplingError));

    public bool Covers(double realized) => realized >= Lower && realized <= Upper;
}
