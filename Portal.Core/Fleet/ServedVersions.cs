namespace Portal.Core.Fleet;

/// <summary>
/// What one replica serves for one model: its champion, and during a rollout or with a challenger loaded, that other
/// version and the share of requests it answers (0 for shadow and challengers, which answer only when asked).
/// </summary>
public sealed record ServedVersions(int? Champion, int? Candidate = null, double? CandidateShare = null);
