using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Tests.Api;
using Xunit.Abstractions;

namespace Portal.Tests.Hosting.Fleet;

/// <summary>The calls the fleet tests make on a replica, and the polling with a deadline they measure propagation with.</summary>
public static class FleetCalls
{
    public static readonly object Row = new { features = CreditRows.Features(1)[0] };

    public static async Task<int> ChampionAsync(HttpClient admin, string model) =>
        (await (await admin.GetAsync($"/api/models/{model}")).EnsureSuccessStatusCode().JsonAsync()).GetProperty("championVersion").GetInt32();

    public static async Task PromoteAsync(HttpClient admin, string model, int version)
    {
        var response = await admin.PostAsJsonAsync($"/api/models/{model}/versions/{version}/promote", new { alias = "champion", reason = "fleet test" });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"promote v{version}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>The version that answers a prediction (with the rollout's sticky key when given).</summary>
    public static async Task<int> ServedAsync(HttpClient client, string model, string? stickyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/models/{model}/predict") { Content = JsonContent.Create(Row) };
        if (stickyKey is not null) request.Headers.Add(Portal.Core.Rollouts.RolloutStickyKey.HeaderName, stickyKey);
        var response = await client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"predict on {client.BaseAddress}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.JsonAsync()).GetProperty("version").GetInt32();
    }

    public static Task<TimeSpan> UntilServedAsync(HttpClient client, string model, int version, TimeSpan limit) =>
        UntilAsync(async () => await ServedAsync(client, model) == version, limit, $"{client.BaseAddress} to serve v{version}");

    /// <summary>The champion's alias history, oldest first.</summary>
    public static async Task<List<JsonElement>> ChampionHistoryAsync(HttpClient admin, string model) =>
        (await (await admin.GetAsync($"/api/models/{model}/history")).EnsureSuccessStatusCode().JsonAsync()).EnumerateArray()
            .Where(h => h.GetProperty("alias").GetString() == "champion").Reverse().ToList();

    /// <summary>Polls every 10 ms until the condition holds; fails past the limit. Returns how long it took.</summary>
    public static async Task<TimeSpan> UntilAsync(Func<Task<bool>> condition, TimeSpan limit, string what)
    {
        var watch = Stopwatch.StartNew();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        while (!await condition())
        {
            Assert.True(watch.Elapsed < limit, $"Waited {watch.Elapsed.TotalMilliseconds:F0} ms (limit {limit.TotalMilliseconds:F0} ms) for {what}.");
            await timer.WaitForNextTickAsync();
        }

        return watch.Elapsed;
    }

    public static void Report(ITestOutputHelper output, string what, IReadOnlyCollection<TimeSpan> times)
    {
        var ms = times.Select(t => t.TotalMilliseconds).Order().ToList();
        output.WriteLine($"{what}: n={ms.Count} median {ms[ms.Count / 2]:F0} ms, max {ms[^1]:F0} ms");
    }
}
