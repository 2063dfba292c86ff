using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Core.Auth;
using Portal.Tests.Hosting;

namespace Portal.Tests.Api;

/// <summary>
/// A portal whose webhooks may post to 127.0.0.1 (the tests' receivers), on a clock the tests move, with
/// breast_cancer.csv uploaded for the versions the tests train.
/// </summary>
public sealed class WebhookFixture : IAsyncLifetime
{
    public const int TimeoutSeconds = 5;

    public ManualClock Clock { get; } = new(DateTimeOffset.UtcNow);
    public PortalFactory Factory { get; }
    public HttpClient Admin { get; private set; } = null!;
    public HttpClient Scientist { get; private set; } = null!;
    public int DatasetId { get; private set; }

    public WebhookFixture()
    {
        Factory = new PortalFactory { Clock = Clock };
        Factory.Settings["Portal:Webhooks:AllowPrivateTargets"] = "true";
        Factory.Settings["Portal:Webhooks:TimeoutSeconds"] = TimeoutSeconds.ToString();
    }

    public async Task InitializeAsync()
    {
        Admin = await Factory.ClientForAsync(Roles.Admin);
        Scientist = await Factory.ClientForAsync(Roles.DataScientist);
        DatasetId = await Scientist.UploadSampleAsync("breast_cancer.csv");
    }

    /// <summary>Registers a webhook to <paramref name="url"/>; returns its id and secret.</summary>
    public async Task<(int Id, string Secret)> CreateWebhookAsync(string url, params string[] events)
    {
        var response = await Admin.PostAsJsonAsync("/api/webhooks", new { url, events });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.JsonAsync();
        return (body.GetProperty("id").GetInt32(), body.GetProperty("secret").GetString()!);
    }

    public async Task<int> TrainAsync(string model, Dictionary<string, double>? options = null)
    {
        var response = await Scientist.PostAsJsonAsync($"/api/models/{model}/train",
            new { datasetId = DatasetId, label = "diagnosis", positiveClass = "malignant", trainer = "FastTree", options });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var run = await Factory.WaitForRunAsync((await response.JsonAsync()).GetProperty("runId").GetGuid());
        Assert.True(run.Version is not null, run.Error);
        return run.Version!.Value;
    }

    public Task<HttpResponseMessage> PromoteAsync(string model, int version, string alias = "champion") =>
        Admin.PostAsJsonAsync($"/api/models/{model}/versions/{version}/promote", new { alias, reason = "webhook test" });

    public async Task<JsonElement> DeliveriesAsync(int webhookId) => await (await Admin.GetAsync($"/api/webhooks/{webhookId}/deliveries")).JsonAsync();

    /// <summary>Waits until the webhook's newest delivery satisfies <paramref name="done"/>, and returns it.</summary>
    public async Task<JsonElement> WaitForDeliveryAsync(int webhookId, Func<JsonElement, bool> done, string what)
    {
        JsonElement found = default;
        await Eventually.TrueAsync(async () =>
        {
            var all = await DeliveriesAsync(webhookId);
            if (all.GetArrayLength() == 0 || !done(all[0])) return false;
            found = all[0];
            return true;
        }, TimeSpan.FromSeconds(30), what);
        return found;
    }

    public Task DisposeAsync()
    {
        Admin.Dispose();
        Scientist.Dispose();
        Factory.Dispose();
        return Task.CompletedTask;
    }
}
