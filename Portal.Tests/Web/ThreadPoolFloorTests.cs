using Portal.Tests.Api;
using Portal.Web.Extensions;

namespace Portal.Tests.Web;

/// <summary>
/// The thread pool's minimum worker threads is raised at start-up, so a burst of requests behind a few blocked threads
/// does not wait for the pool's half-second thread injection (bench/results/rollout-serving.md).
/// </summary>
public sealed class ThreadPoolFloorTests
{
    [Fact]
    public void Apply_raises_the_minimum_and_never_lowers_it()
    {
        ThreadPool.GetMinThreads(out var before, out _);

        Assert.Equal(before + 3, ThreadPoolFloor.Apply(before + 3));
        Assert.Equal(before + 3, ThreadPoolFloor.Apply(1));
        ThreadPool.GetMinThreads(out var after, out _);
        Assert.Equal(before + 3, after);
    }

    [Fact]
    public async Task The_portal_applies_its_setting_at_start_up()
    {
        ThreadPool.GetMinThreads(out var before, out _);
        var wanted = before + 37;
        await using var factory = new PortalFactory();
        factory.Settings["Portal:Serving:MinWorkerThreads"] = wanted.ToString(System.Globalization.CultureInfo.InvariantCulture);

        using var client = factory.CreateClient();
        (await client.GetAsync(new Uri("/health/live", UriKind.Relative))).EnsureSuccessStatusCode();

        ThreadPool.GetMinThreads(out var now, out _);
        Assert.True(now >= wanted, $"min worker threads {now}, wanted at least {wanted}");
    }
}
