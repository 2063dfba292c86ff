using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;

namespace Portal.Tests.Api;

/// <summary>Stages follow the aliases exactly: one Production (the champion), Staging for a challenger, Archived once it served.</summary>
public sealed class AliasStageTests(LifecycleFixture fx) : IClassFixture<LifecycleFixture>
{
    private async Task<string?> StageAsync(string model, int version) =>
        (await (await fx.Admin.GetAsync($"/api/models/{model}/versions/{version}")).JsonAsync()).GetProperty("stage").GetString();

    [Fact]
    public async Task Champion_AlsoChallenger_LosesChampion_IsStagingAndOnlyTheNewChampionIsProduction()
    {
        const string model = "stage-both";
        var v1 = await fx.TrainAsync(model, LifecycleFixture.Weak);
        var v2 = await fx.TrainAsync(model, LifecycleFixture.Weak);
        Assert.Equal(HttpStatusCode.OK, (await fx.PromoteAsync(model, v1)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fx.PromoteAsync(model, v1, alias: "challenger")).StatusCode);
        Assert.Equal("Production", await StageAsync(model, v1));

        Assert.Equal(HttpStatusCode.OK, (await fx.PromoteAsync(model, v2)).StatusCode);

        Assert.Equal("Staging", await StageAsync(model, v1));
        Assert.Equal("Production", await StageAsync(model, v2));
        var listed = (await (await fx.Admin.GetAsync($"/api/models/{model}")).JsonAsync()).GetProperty("versions").EnumerateArray().ToList();
        Assert.Single(listed, v => v.GetProperty("stage").GetString() == "Production");
        await using (var db = await fx.Factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            var modelId = await db.Models.Where(m => m.Name == model).Select(m => m.Id).SingleAsync();
            Assert.Equal(1, await db.ModelVersions.CountAsync(v => v.ModelId == modelId && v.Stage == "Production"));
        }

        // Losing its last alias, a version that served as champion is Archived.
        Assert.Equal(HttpStatusCode.OK, (await fx.PromoteAsync(model, v2, alias: "challenger")).StatusCode);
        Assert.Equal("Archived", await StageAsync(model, v1));
        Assert.Equal("Production", await StageAsync(model, v2));
    }
}
