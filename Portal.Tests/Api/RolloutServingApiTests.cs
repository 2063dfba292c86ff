using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Auth;
using Portal.Core.Predictions;
using Portal.Core.Registry;
using Portal.Core.Rollouts;
using Portal.Core.Serving;
using Portal.Data;
using Portal.Tests.Core.Rollouts;
using Portal.Tests.Hosting;

namespace Portal.Tests.Api;

/// <summary>
/// The predict endpoint under a rollout started on the app's own <see cref="ModelServer"/> (the rollout service that
/// will start them is not part of this test): the X-Portal-Key header keeps a caller on its arm, the log stores the
/// arm, and a shadow's score reaches the database paired with the answer the caller got.
/// </summary>
public sealed class RolloutServingApiTests : IAsyncLifetime
{
    private const string Predict = $"/api/models/{RolloutModels.Model}/predict";
    private readonly PortalFactory _factory = new();
    private ServedModel _v2 = default!;

    public async Task InitializeAsync()
    {
        using var warm = await _factory.ClientForAsync(Roles.Viewer); // starts the app
        (_v2, _) = await RolloutModels.ServeAsync(_factory.Services.GetRequiredService<ModelServer>(), _factory.Services.GetRequiredService<ArtefactStore>());
    }

    public Task DisposeAsync()
    {
        _factory.Dispose();
        return Task.CompletedTask;
    }

    private static async Task<(int Version, Guid Id)> PostAsync(HttpClient client, string? key, string query = "")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Predict + query)
        {
            Content = new StringContent("{\"features\":" + Encoding.UTF8.GetString(RolloutModels.Rows[0]) + "}", new MediaTypeHeaderValue("application/json")),
        };
        if (key is not null) request.Headers.Add(RolloutStickyKey.HeaderName, key);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        return (body.GetProperty("version").GetInt32(), body.GetProperty("predictionId").GetGuid());
    }

    [Fact]
    public async Task Predict_WithXPortalKey_StaysOnTheKeysArm_AndTheLogStoresIt()
    {
        var server = _factory.Services.GetRequiredService<ModelServer>();
        var rollout = RolloutModels.Rollout(RolloutKind.Ab, 2, weights: new RolloutWeights(50, 50));
        server.StartRollout(rollout, _v2);
        var assigner = ArmAssigner.For(rollout);
        using var client = await _factory.ClientForAsync(Roles.Viewer);

        var ids = new List<(Guid Id, RolloutArm Arm)>();
        foreach (var key in Enumerable.Range(0, 12).Select(i => $"customer-{i}"))
        {
            var arm = assigner.Assign(key);
            for (var repeat = 0; repeat < 3; repeat++)
            {
                var (version, id) = await PostAsync(client, key);
                Assert.Equal(arm == RolloutArm.Candidate ? 2 : 1, version);
                ids.Add((id, arm));
            }
        }

        Assert.Contains(ids, x => x.Arm == RolloutArm.Candidate);
        Assert.Contains(ids, x => x.Arm == RolloutArm.Champion);
        Assert.Equal(1, (await PostAsync(client, "customer-any", "?version=1")).Version);

        var store = _factory.Services.GetRequiredService<IPredictionStore>();
        await Eventually.TrueAsync(async () => (await store.GetManyAsync(ids.Select(x => x.Id).ToList())).Count == ids.Count, TimeSpan.FromSeconds(30), "the predictions to be stored");
        var stored = (await store.GetManyAsync(ids.Select(x => x.Id).ToList())).ToDictionary(r => r.Id);
        Assert.All(ids, x => Assert.Equal((rollout.Id, x.Arm), (stored[x.Id].RolloutId!.Value, stored[x.Id].Arm!.Value)));
        Assert.Equal(new RolloutLiveCounts(ids.Count(x => x.Arm == RolloutArm.Champion), ids.Count(x => x.Arm == RolloutArm.Candidate), 0, 0, 0, 0),
            server.RolloutOf(RolloutModels.Model)!.Stats.Snapshot());
    }

    [Fact]
    public async Task Predict_UnderAShadow_TheChampionAnswers_AndTheShadowScoreIsStoredPairedWithIt()
    {
        var server = _factory.Services.GetRequiredService<ModelServer>();
        var rollout = RolloutModels.Rollout(RolloutKind.Shadow, 2);
        server.StartRollout(rollout, _v2);
        using var client = await _factory.ClientForAsync(Roles.Viewer);

        var (version, id) = await PostAsync(client, "customer-1");

        Assert.Equal(1, version);
        var contexts = _factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        var paired = PredictionIds.KeyOf(id);
        async Task<int> ShadowVersionAsync()
        {
            await using var db = await contexts.CreateDbContextAsync();
            return await db.Predictions.Where(p => p.PairedKey == paired && p.Arm == "shadow" && p.RolloutId == rollout.Id).Select(p => p.Version).FirstOrDefaultAsync();
        }

        await Eventually.TrueAsync(async () => await ShadowVersionAsync() != 0, TimeSpan.FromSeconds(30), "the shadow score to be stored");
        Assert.Equal(2, await ShadowVersionAsync());
        Assert.Equal(new RolloutLiveCounts(1, 0, 0, 1, 0, 0), server.RolloutOf(RolloutModels.Model)!.Stats.Snapshot());
    }
}
