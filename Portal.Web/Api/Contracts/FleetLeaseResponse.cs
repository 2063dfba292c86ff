namespace Portal.Web.Api.Contracts;

/// <summary>A lease on background work: who holds it until when (an expired lease is free), and its token (grows on each change of holder).</summary>
public sealed record FleetLeaseResponse(string Name, string Holder, DateTimeOffset AcquiredAt, DateTimeOffset ExpiresAt, bool Expired, long Token);
