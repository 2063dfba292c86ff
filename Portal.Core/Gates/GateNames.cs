namespace Portal.Core.Gates;

public static class GateNames
{
    public const string MinAuc = "minAuc";
    public const string MinF1ImprovementPct = "minF1ImprovementPct";
    public const string MaxBrierDegradation = "maxBrierDegradation";
    public const string MinTestRows = "minTestRows";
    public const string RequireApproval = "requireApproval";
}
