namespace Portal.Web.Api.Contracts;

public sealed record DriftFeatureResponse(
    string Name, string Type, string Test, double Statistic, double? PValue, double Threshold, bool Drifted, double Psi, double? MeanShiftSigma);
