using Portal.Core.Statistics;

namespace Portal.Web.Api.Contracts;

/// <summary>A reliability diagram: 10 equal-width bins (empty ones with count 0 and null means), the expected calibration error and the rows binned.</summary>
public sealed record CalibrationResponse(IReadOnlyList<ReliabilityBin> Bins, double Ece, int Count)
{
    public static CalibrationResponse? From(ReliabilityDiagram? diagram) =>
        diagram is null ? null : new CalibrationResponse(diagram.Bins, diagram.ExpectedCalibrationError, diagram.Count);
}
