using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Core.Fleet;
using Portal.Web.Api.Contracts;
using Portal.Web.Auth;
using Portal.Web.Fleet;

namespace Portal.Web.Api;

public static class FleetApi
{
    public static RouteGroupBuilder MapFleetApi(this RouteGroupBuilder api)
    {
        api.MapGet("/fleet", GetFleet).RequireAuthorization(Policies.Admin).WithTags("Fleet").WithName("GetFleet")
            .WithSummary("The replicas (heartbeat, alive, version served per model, requests served), the leases on background work, and whether every live replica serves each model's registry champion.");
        // Seed 000's name for the same view.
        api.MapGet("/federated/status", GetFleet).RequireAuthorization(Policies.Admin).WithTags("Fleet").WithName("GetFederatedStatus")
            .WithSummary("Alias of GET /api/fleet (seed 000's federated status).");
        return api;
    }

    public static async Task<Ok<FleetResponse>> GetFleet(FleetStatusReader reader, ReplicaIdentity replica, TimeProvider time, CancellationToken ct)
    {
        var fleet = await reader.ReadAsync(ct);
        return TypedResults.Ok(ToResponse(fleet, replica.Id, time.GetUtcNow()));
    }

    public static FleetResponse ToResponse(FleetStatus fleet, string answeredBy, DateTimeOffset now) => new(
        answeredBy,
        fleet.Agrees,
        fleet.Disagreeing,
        fleet.Replicas.Count(r => r.Alive),
        fleet.Replicas.Select(ToResponse).ToList(),
        fleet.Leases.Select(l => new FleetLeaseResponse(l.Name, l.Holder, l.AcquiredAt, l.ExpiresAt, l.ExpiresAt <= now, l.Token)).ToList(),
        fleet.Champions);

    private static FleetReplicaResponse ToResponse(FleetReplica view)
    {
        var r = view.Replica;
        return new FleetReplicaResponse(r.Id, r.Host, r.ProcessId, r.Version, r.StartedAt, r.HeartbeatAt, Math.Round(view.HeartbeatAge.TotalSeconds, 1), view.Alive, r.StoppedAt,
            r.Serving.ToDictionary(s => s.Key, s => new ServedVersionsResponse(s.Value.Champion, s.Value.Candidate, s.Value.CandidateShare), StringComparer.Ordinal),
            r.RequestsServed);
    }
}
