using System.Net.Http.Json;
using System.Text.Json;
using Portal.Tests.Hosting;

namespace Portal.Tests.E2E;

/// <summary>Sets up versions through the REST API, as a script would, for tests whose subject is a page.</summary>
internal static class ApiTraining
{
    /// <summary>Posts <paramref name="request"/> to the model's training endpoint and waits for the run to succeed.</summary>
    public static async Task TrainAsync(HttpClient api, string model, object request)
    {
        var response = await api.PostAsJsonAsync($"/api/models/{model}/train", request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var runId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetGuid();
        var status = "queued";
        await Eventually.TrueAsync(async () =>
        {
            status = (await api.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}")).GetProperty("status").GetString()!;
            return status is "succeeded" or "failed";
        }, TimeSpan.FromMinutes(3), $"training run {runId}");
        Assert.Equal("succeeded", status);
    }

    /// <summary>Waits until the model has <paramref name="version"/> (the demo trains v1 at first start).</summary>
    public static Task WaitForVersionAsync(HttpClient api, string model, int version) =>
        Eventually.TrueAsync(async () => (await api.GetAsync($"/api/models/{model}/versions/{version}")).IsSuccessStatusCode,
            TimeSpan.FromMinutes(2), $"{model} v{version}");
}
