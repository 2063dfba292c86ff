using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Drift;

namespace Portal.Tests.Api;

/// <summary>Portal:Metrics:RunbookNames exports seed 004's lead_model_* names with the native series' values.</summary>
public sealed class RunbookNameMetricsTests
{
    [Fact]
    public async Task Metrics_RunbookNamesOn_LeadModelSeriesEqualTheNativeOnes()
    {
        var fx = new LifecycleFixture();
        fx.Factory.Settings["Portal:Metrics:RunbookNames"] = "true";
        await fx.InitializeAsync();
        try
        {
            const string model = "lead";
            var version = await fx.TrainAsync(model, LifecycleFixture.Weak);
            await fx.PromoteAsync(model, version);
            fx.Factory.Services.GetRequiredService<DriftScoreBoard>().Publish(model, version, 1.2);
            var response = await fx.Admin.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var text = await response.Content.ReadAsStringAsync();

            string Series(string name) => $"{name}{{model=\"{model}\"}}";
            Assert.Equal(MetricsText.Value(text, Series("model_test_auc")), MetricsText.Value(text, Series("lead_model_auc")));
            Assert.Equal(MetricsText.Value(text, Series("model_trained_timestamp_seconds")), MetricsText.Value(text, Series("lead_model_version")));
            Assert.Equal(MetricsText.Value(text, Series("model_training_rows")), MetricsText.Value(text, Series("lead_model_n_train")));
            Assert.Equal(1.2, MetricsText.Value(text, Series("lead_model_drift_score")));
            Assert.Equal(MetricsText.Value(text, Series("model_last_reload_timestamp_seconds")), MetricsText.Value(text, Series("lead_model_last_reload_ts")));
            await MetricsText.AssertPromtoolCleanAsync(text);
        }
        finally
        {
            await fx.DisposeAsync();
        }
    }
}
