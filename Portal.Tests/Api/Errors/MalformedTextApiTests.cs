using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Auth;
using Portal.Core.Predictions;

namespace Portal.Tests.Api.Errors;

/// <summary>JSON that is not UTF-8 is a 400 naming the byte on predict and labels; labels read a text/plain CSV body.</summary>
[Collection(MonitoringCollection.Name)]
public sealed class MalformedTextApiTests(TrainedModelFixture fixture)
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    private static ByteArrayContent Json(string before, string after)
    {
        // 0xC3 0x28: a two-byte sequence whose second byte is not a continuation byte.
        var bytes = Encoding.UTF8.GetBytes(before).Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes(after)).ToArray();
        var content = new ByteArrayContent(bytes);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        return content;
    }

    [Theory]
    [InlineData($"/api/models/{TrainedModelFixture.Model}/predict?version=1", """{"features":{"radius""", """_mean":1}}""", 21)]
    [InlineData("/api/labels", "[{\"predictionId\":\"", "\",\"label\":\"benign\"}]", 19)]
    public async Task Json_that_is_not_utf8_is_a_problem_naming_the_byte(string url, string before, string after, int badByte)
    {
        using var client = await fixture.Factory.ClientForAsync(Roles.DataScientist);

        var response = await client.PostAsync(url, Json(before, after));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var messages = (await response.JsonAsync()).GetProperty("errors").GetProperty("body").EnumerateArray().Select(m => m.GetString()).ToList();
        Assert.Contains(messages, m => m!.Contains($"is not valid UTF-8 (byte {badByte})", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("text/csv")]
    public async Task Labels_read_a_csv_body_sent_as(string mediaType)
    {
        var p = await LoggedPredictions.AddAsync(fixture.Factory, 1, At);
        using var client = await fixture.Factory.ClientForAsync(Roles.DataScientist);
        var csv = $"prediction_id,true_label,label_timestamp,label_source\n{p[0].Id},benign,,{mediaType}\n";

        var response = await client.PostAsync("/api/labels", new StringContent(csv, Encoding.UTF8, mediaType));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, (await response.JsonAsync()).GetProperty("accepted").GetInt32());
        var label = await fixture.Factory.Services.GetRequiredService<ILabelStore>().GetAsync(p[0].Id);
        Assert.Equal(mediaType, label!.Source);
    }
}
