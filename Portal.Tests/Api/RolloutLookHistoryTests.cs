using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Auth;
using Portal.Core.Gates;
using Portal.Core.Registry;
using Portal.Core.Rollouts;
using Portal.Core.Serving;

namespace Portal.Tests.Api;

/// <summary>
/// The decision loop's look history on real SQLite with a clock the test moves: every look is offered to the store,
/// kept by the thinning rule (a gap of max(interval, age / 500), or a step change), and still there after a restart,
/// where thinning resumes from the newest stored look. The looks are taken by a decider built here with a 0.1 s interval;
/// the app's own loop waits a day between looks, so it stays out of the way.
/// </summary>
public sealed class RolloutLookHistoryTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(0.1);
    // Five minutes behind: the test moves it about 100 s, and tokens minted on it must never be ahead of the real time
    // (which checks them, with 30 s of skew).
    private readonly ManualClock _clock = new(DateTimeOffset.UtcNow.AddMinutes(-5));

    [Fact]
    public async Task Looks_AreStoredThinnedByTheRule_AndSurviveARestart()
    {
        var root = Path.Combine(Path.GetTempPath(), "portal-tests", Guid.NewGuid().ToString("N"));
        const string model = "rl-history";
        Guid id;
        using (var first = Factory(root, deleteRoot: false))
        {
            using var admin = await first.ClientForAsync(Roles.Admin);
            using var scientist = await first.ClientForAsync(Roles.DataScientist);
            var dataset = await scientist.UploadSampleAsync("breast_cancer.csv");
            foreach (var options in new[] { LifecycleFixture.Weak, null })
            {
                var run = await scientist.PostAsJsonAsync($"/api/models/{model}/train", new { datasetId = dataset, label = "diagnosis", positiveClass = "malignant", options });
                Assert.NotNull((await first.WaitForRunAsync((await run.JsonAsync()).GetProperty("runId").GetGuid())).Version);
            }

            Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/models/{model}/versions/1/promote", new { reason = "first" })).StatusCode);
            var created = await admin.PostAsJsonAsync($"/api/models/{model}/rollouts", new { kind = "canary", candidateVersion = 2, steps = new[] { 10, 60, 100 } });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            id = (await created.JsonAsync()).GetProperty("id").GetGuid();
            using var decider = Decider(first);
            var store = first.Services.GetRequiredService<IRolloutLookStore>();

            // Early on the gap is the interval: the first look is kept, one half an interval later is not, a full one is.
            Assert.True(await LookAsync(decider, store, id, TimeSpan.FromSeconds(1)));
            Assert.False(await LookAsync(decider, store, id, TimeSpan.FromSeconds(0.05)));
            Assert.True(await LookAsync(decider, store, id, TimeSpan.FromSeconds(0.05)));

            // 100 s in, the gap is a 500th of the age (0.2 s): 0.15 s is too soon, 0.25 s is enough.
            _clock.Advance(TimeSpan.FromSeconds(100) - (_clock.GetUtcNow() - (await Rollout(first, id)).StartedAt));
            Assert.True(await LookAsync(decider, store, id, TimeSpan.Zero));
            Assert.False(await LookAsync(decider, store, id, TimeSpan.FromSeconds(0.15)));
            Assert.True(await LookAsync(decider, store, id, TimeSpan.FromSeconds(0.1)));

            // A step change is kept however soon it comes.
            Assert.NotNull(await first.Services.GetRequiredService<RolloutService>().ApplyAsync(await Rollout(first, id), RolloutAction.StepUp, "test step", null));
            Assert.True(await LookAsync(decider, store, id, TimeSpan.FromSeconds(0.01)));
            var looks = await store.ListLooksAsync(id);
            Assert.Equal([0, 0, 0, 0, 1], looks.Select(l => l.Step));
            Assert.Equal([1000, 1000, 1000, 1000, 6000], looks.Select(l => l.CandidateBasisPoints));
            Assert.All(looks, l => Assert.Equal(RolloutDefaults.SequentialAlpha, l.Alpha));
            Assert.Equal(looks.OrderBy(l => l.At).Select(l => l.At), looks.Select(l => l.At));
        }

        using var second = Factory(root, deleteRoot: true);
        using var client = await second.ClientForAsync(Roles.Admin);
        var again = second.Services.GetRequiredService<IRolloutLookStore>();
        Assert.Equal(5, (await again.ListLooksAsync(id)).Count);
        // Thinning resumes from the newest stored look, not from nothing: a look soon after the restart is not kept.
        using var resumed = Decider(second);
        Assert.False(await LookAsync(resumed, again, id, TimeSpan.FromSeconds(0.05)));
        Assert.True(await LookAsync(resumed, again, id, TimeSpan.FromSeconds(0.5)));

        var response = await client.GetAsync($"/api/models/{model}/rollouts/{id}/looks");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var listed = await response.JsonAsync();
        Assert.Equal(6, listed.GetArrayLength());
        Assert.Equal("running", listed[5].GetProperty("state").GetString());
        Assert.Equal(60, listed[5].GetProperty("candidateSharePct").GetDouble());
        Assert.Equal(1, listed[5].GetProperty("champion").GetProperty("version").GetInt32());
        Assert.Equal(2, listed[5].GetProperty("candidate").GetProperty("version").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/models/other/rollouts/{id}/looks")).StatusCode);
    }

    private PortalFactory Factory(string root, bool deleteRoot)
    {
        var factory = new PortalFactory { Root = root, DeleteRootOnDispose = deleteRoot, Clock = _clock };
        factory.Settings["Portal:Rollouts:DecisionIntervalSeconds"] = "86400";
        return factory;
    }

    /// <summary>A decider on the app's services with its own recorder, whose interval is <see cref="Interval"/>.</summary>
    private RolloutDecider Decider(PortalFactory factory)
    {
        var services = factory.Services;
        return new RolloutDecider(services.GetRequiredService<RolloutService>(), services.GetRequiredService<IRolloutEvidenceStore>(),
            services.GetRequiredService<IGateStore>(), services.GetRequiredService<ModelServer>(), _clock,
            new RolloutLookRecorder(services.GetRequiredService<IRolloutLookStore>(), new RolloutLookSettings(Interval)),
            services.GetRequiredService<IModelRegistry>());
    }

    private static async Task<Rollout> Rollout(PortalFactory factory, Guid id) =>
        (await factory.Services.GetRequiredService<RolloutService>().GetAsync(id))!;

    /// <summary>Moves the clock, takes one look; returns whether it was kept.</summary>
    private async Task<bool> LookAsync(RolloutDecider decider, IRolloutLookStore store, Guid id, TimeSpan after)
    {
        _clock.Advance(after);
        var before = (await store.ListLooksAsync(id)).Count;
        Assert.Empty(await decider.DecideAllAsync());
        return (await store.ListLooksAsync(id)).Count == before + 1;
    }
}
