using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.Core.Auth;
using Portal.Core.Predictions;
using Portal.Tests.Hosting;

namespace Portal.Tests.Api;

/// <summary>What the prediction log stores, read back through the API: a card number sent as a JSON number is redacted.</summary>
public sealed class PiiRedactionApiTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>
{
    [Fact]
    public async Task A_card_number_sent_as_a_JSON_number_is_stored_redacted_and_other_inputs_as_sent()
    {
        using var client = await fixture.Factory.ClientForAsync(Roles.Viewer);
        var features = DriftWindows.Rows()[0];
        features["mean_radius"] = 4111111111111111;
        var response = await client.PostAsJsonAsync($"/api/models/{TrainedModelFixture.Model}/predict?version=1", new { features });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var id = (await response.JsonAsync()).GetProperty("predictionId").GetGuid();

        HttpResponseMessage? stored = null;
        await Eventually.TrueAsync(async () => (stored = await client.GetAsync($"/api/predictions/{id}")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(30), "the prediction to be logged");

        var body = stored!;
        var inputs = (await body.JsonAsync()).GetProperty("inputs");
        Assert.Equal(JsonValueKind.String, inputs.GetProperty("mean_radius").ValueKind);
        Assert.Equal(PiiRedactor.Redacted, inputs.GetProperty("mean_radius").GetString());
        Assert.Equal(features["mean_texture"]!.GetValue<double>(), inputs.GetProperty("mean_texture").GetDouble());
        Assert.DoesNotContain("4111111111111111", await body.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
