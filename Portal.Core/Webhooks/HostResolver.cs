using System.Net;

namespace Portal.Core.Webhooks;

/// <summary>Resolves a host name to its addresses (the system's DNS in the portal; a fixed table in tests).</summary>
public delegate Task<IPAddress[]> HostResolver(string host, CancellationToken ct);
