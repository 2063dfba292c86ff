using Portal.Core.Fleet;
using Portal.Core.Rollouts;
using Portal.Core.Serving;

namespace Portal.Web.Fleet;

/// <summary>What this replica serves per model, read from the model server for its heartbeat.</summary>
public static class ServingMap
{
    public static IReadOnlyDictionary<string, ServedVersions> Of(ModelServer server)
    {
        var map = new Dictionary<string, ServedVersions>(StringComparer.Ordinal);
        foreach (var status in server.Snapshot())
        {
            var champion = status.Champion?.Version;
            map[status.Model] = server.RolloutOf(status.Model) is { } rollout
                ? new ServedVersions(champion, rollout.Candidate.Version, rollout.Rollout.Kind == RolloutKind.Shadow ? 0 : rollout.Rollout.CandidateBasisPoints / 10_000.0)
                : status.Challenger is { } challenger ? new ServedVersions(champion, challenger.Version, 0) : new ServedVersions(champion);
        }

        return map;
    }
}
