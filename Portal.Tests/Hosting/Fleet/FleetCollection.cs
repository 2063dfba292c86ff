namespace Portal.Tests.Hosting.Fleet;

/// <summary>
/// The test classes that share one <see cref="FleetSyncFixture"/> (three processes, one database, one bucket) and so run
/// one after another: each leaves the fleet as it found it (gates, rollouts, the listener).
/// </summary>
[CollectionDefinition(Name)]
public sealed class FleetCollection : ICollectionFixture<FleetSyncFixture>
{
    public const string Name = "Fleet on one database and one bucket";
}
