namespace Portal.Web.Api.Contracts;

/// <summary>A sweep's cross-validation: <see cref="Std"/> says how stdAuc is computed ("sample": ddof = 1, as pandas).</summary>
public sealed record SweepResponse(int Folds, string Std, IReadOnlyList<SweepCandidateResponse> Candidates);
