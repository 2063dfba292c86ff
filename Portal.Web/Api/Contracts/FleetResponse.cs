namespace Portal.Web.Api.Contracts;

/// <summary>
/// The fleet: every replica that reported a heartbeat in the last day, the leases on background work, each model's
/// registry champion, and whether every live replica serves it (<paramref name="Disagreeing"/> names the models that are not).
/// </summary>
public sealed record FleetResponse(
    string AnsweredBy,
    bool Agrees,
    IReadOnlyList<string> Disagreeing,
    int Live,
    IReadOnlyList<FleetReplicaResponse> Replicas,
    IReadOnlyList<FleetLeaseResponse> Leases,
    IReadOnlyDictionary<string, int?> Champions);
