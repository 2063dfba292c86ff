namespace Portal.Web.Api.Contracts;

/// <summary>One candidate of a sweep: its options, AUC per fold (fold 0 first), mean and sample standard deviation.</summary>
public sealed record SweepCandidateResponse(
    string Trainer,
    IReadOnlyDictionary<string, double> Options,
    IReadOnlyList<double> FoldAucs,
    double MeanAuc,
    double StdAuc,
    bool Chosen);
