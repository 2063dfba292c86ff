using Portal.Core.Registry;

namespace Portal.Web.Api.Contracts;

/// <summary>The ensembles <c>GET /api/ml/ensemble/status</c> lists: every one that serves (champion, challenger or rollout candidate).</summary>
public sealed record EnsembleStatusListResponse(int Count, IReadOnlyList<EnsembleStatus> Ensembles);
