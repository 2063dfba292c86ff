namespace Portal.Web.Api.Contracts;

/// <summary>The versions a replica serves for one model: the champion and, during a rollout or with a challenger, the other version and its share of requests (0..1).</summary>
public sealed record ServedVersionsResponse(int? Champion, int? Candidate, double? CandidateShare);
