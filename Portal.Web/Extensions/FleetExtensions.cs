using Portal.Web.Fleet;
using Portal.Web.Metrics;

namespace Portal.Web.Extensions;

public static class FleetExtensions
{
    /// <summary>
    /// The fleet: this replica's heartbeat, its leases on the background work that runs once per fleet, the fleet
    /// status for <c>/api/fleet</c> and the Fleet page, and the <c>portal_replica_*</c> metrics. On SQLite the one process
    /// is a fleet of one and the same code runs.
    /// </summary>
    public static WebApplicationBuilder AddPortalFleet(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<FleetOptions>().BindConfiguration(FleetOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<FleetLeases>();
        services.AddSingleton<FleetStatusReader>();
        services.AddSingleton<FleetMetrics>();
        services.AddHostedService<LeaseKeeper>();
        services.AddHostedService<ReplicaHeartbeat>();
        return builder;
    }
}
