using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Core.Auth;
using Portal.Core.Fleet;
using Portal.Core.Registry;
using Portal.Web.Components.Pages.Admin;
using Portal.Web.Fleet;

namespace Portal.Tests.Components;

public sealed class FleetPageTests : PortalComponentContext
{
    public FleetPageTests()
    {
        Services.AddSingleton(Options.Create(new FleetOptions()));
        Services.AddSingleton<ReplicaIdentity>();
        Services.AddSingleton<FleetStatusReader>();
        SignIn(Roles.Admin, "admin");
    }

    private ReplicaIdentity Self => Services.GetRequiredService<ReplicaIdentity>();

    private static ReplicaRecord Replica(string id, DateTimeOffset heartbeat, int? champion, DateTimeOffset? stoppedAt = null) =>
        new(id, "node-1", 42, "1.2.3+abc", heartbeat.AddHours(-1), heartbeat,
            champion is null ? new Dictionary<string, ServedVersions>() : new Dictionary<string, ServedVersions> { ["credit-risk"] = new(champion, champion + 1, 0.25) }, 1234, stoppedAt);

    [Fact]
    public void Render_NoHeartbeatYet_ShowsEmptyStatesAndAgrees()
    {
        var cut = Render<FleetPage>();

        cut.WaitForElement("[data-testid=fleet-replicas-empty]");
        Assert.NotNull(cut.Find("[data-testid=fleet-leases-empty]"));
        Assert.NotNull(cut.Find("[data-testid=fleet-agrees]"));
        Assert.Equal(Self.Id, cut.Find("[data-testid=fleet-self]").TextContent);
    }

    [Fact]
    public async Task Render_OneReplicaAndLeases_ListsThemWithAliveChipAndServing()
    {
        var now = TimeProvider.System.GetUtcNow();
        await Services.GetRequiredService<IReplicaStore>().SaveAsync(Replica(Self.Id, now, null));
        await Services.GetRequiredService<ILeaseStore>().TryAcquireAsync(LeaseNames.Drift, Self.Id, now, TimeSpan.FromSeconds(15));

        var cut = Render<FleetPage>();

        var row = cut.WaitForElement("[data-testid=fleet-replica]");
        Assert.Equal("true", row.GetAttribute("data-alive"));
        Assert.Equal("alive", row.QuerySelector("[data-testid=fleet-replica-state]")!.TextContent.Trim());
        Assert.Contains("nothing", row.QuerySelector("[data-testid=fleet-replica-serving]")!.TextContent);
        Assert.Contains("1,234", row.TextContent);
        Assert.Contains("One replica is running", cut.Find("[data-testid=fleet-agrees]").TextContent);
        var lease = cut.Find("[data-testid=fleet-lease]");
        Assert.Equal(LeaseNames.Drift, lease.GetAttribute("data-lease"));
        Assert.Contains("(this one)", lease.TextContent);
    }

    [Fact]
    public async Task Render_LiveReplicaServingAnotherChampion_NamesTheModelAndShowsDeadOnes()
    {
        var now = TimeProvider.System.GetUtcNow();
        var info = await TrainAndPromoteAsync();
        var store = Services.GetRequiredService<IReplicaStore>();
        await store.SaveAsync(Replica("a", now, info + 1));
        await store.SaveAsync(Replica("gone", now.AddMinutes(-5), info));

        var cut = Render<FleetPage>();

        var banner = cut.WaitForElement("[data-testid=fleet-disagrees]");
        Assert.Contains("credit-risk", banner.TextContent);
        var rows = cut.FindAll("[data-testid=fleet-replica]");
        Assert.Equal(["true", "false"], rows.Select(r => r.GetAttribute("data-alive")));
        Assert.Equal("dead", rows[1].QuerySelector("[data-testid=fleet-replica-state]")!.TextContent.Trim());
        Assert.Contains($"v{info + 1} + v{info + 2} at 25%", rows[0].TextContent.Replace(" %", "%", StringComparison.Ordinal));
    }

    /// <summary>Registers credit-risk v1 and makes it the registry champion; returns its version.</summary>
    private async Task<int> TrainAndPromoteAsync()
    {
        var version = await RegisterVersionAsync("credit-risk", CreditSchema());
        await Services.GetRequiredService<IModelRegistry>().SetAliasAsync("credit-risk", ModelAliases.Champion, version.Version, "admin", "first", null, AliasActions.Promote);
        return version.Version;
    }
}
