using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Audit;
using Portal.Core.Auth;
using Portal.Core.Registry;
using Portal.Core.Serving;
using Portal.Web.Background;

namespace Portal.Tests.Api;

/// <summary>The demo model's first champion is promoted through PromotionService, as any champion: history, audit, serving.</summary>
public sealed class DemoBootstrapperTests
{
    [Fact]
    public async Task FirstStart_DemoChampion_IsPromotedThroughPromotionService()
    {
        using var factory = new PortalFactory();
        factory.Settings["Portal:Demo:Enabled"] = "true";
        using var client = await factory.ClientForAsync(Roles.Viewer);
        await factory.Services.GetRequiredService<StartupState>().WhenReady.WaitAsync(TimeSpan.FromMinutes(3));

        var registry = factory.Services.GetRequiredService<IModelRegistry>();
        var model = Assert.Single(await registry.ListModelsAsync());
        Assert.Equal(1, model.ChampionVersion);
        var move = Assert.Single(await registry.GetHistoryAsync(model.Name, ModelAliases.Champion));
        Assert.Equal((null, 1, DemoBootstrapper.SystemUser, AliasActions.Promote), (move.FromVersion, move.ToVersion, move.By, move.Action));
        Assert.Equal("Demo model trained on first start", move.Reason);
        var promoted = Assert.Single(await factory.Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery(Action: AuditActions.VersionPromoted)));
        Assert.Equal((DemoBootstrapper.SystemUser, $"{model.Name} v1"), (promoted.Actor, promoted.Target));
        Assert.Equal(1, factory.Services.GetRequiredService<ModelServer>().Find(model.Name, ModelAliases.Champion, null).Value?.Version);
    }
}
