using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Predictions;
using System.Text;
using System.Text.Json;
using Portal.Core.Auth;
using Portal.Core.Common;

namespace Portal.Tests.Api.Limits;

/// <summary>
/// Every name and free-text field the API takes has a bound: one character over answers 400 naming the field and the
/// limit and stores nothing; exactly at the limit the request goes on to the handler as before.
/// </summary>
public sealed class TextLimitsApiTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>
{
    private const string Card = $"/api/models/{TrainedModelFixture.Model}/versions/1/card";
    private const string Registry = $"/api/models/{TrainedModelFixture.Model}";

    public static TheoryData<string, string, string, string, int, HttpStatusCode, string> Cases => new()
    {
        // name, method, url, field, limit, status at the limit, where a stored value would show
        { "dataset name", "POST", "/api/datasets", "name", TextLimits.Name, HttpStatusCode.Created, "/api/datasets" },
        { "key name", "POST", "/api/keys", "name", TextLimits.Name, HttpStatusCode.Created, "/api/keys" },
        { "key role", "POST", "/api/keys", "role", TextLimits.Name, HttpStatusCode.BadRequest, "/api/keys" },
        { "user name", "POST", "/api/users", "userName", TextLimits.Name, HttpStatusCode.Created, "/api/users" },
        { "user password", "POST", "/api/users", "password", TextLimits.Secret, HttpStatusCode.Created, "/api/users" },
        { "user role", "PUT", "/api/users/{viewer}", "role", TextLimits.Name, HttpStatusCode.BadRequest, "/api/users" },
        { "reset password", "POST", "/api/users/{viewer}/password", "password", TextLimits.Secret, HttpStatusCode.NoContent, "/api/users" },
        { "token user name", "POST", "/api/auth/token", "username", TextLimits.Name, HttpStatusCode.Unauthorized, "/api/users" },
        { "token password", "POST", "/api/auth/token", "password", TextLimits.Secret, HttpStatusCode.Unauthorized, "/api/users" },
        { "train label", "POST", $"{Registry}/train", "label", TextLimits.Name, HttpStatusCode.BadRequest, "/api/runs" },
        { "train positive class", "POST", $"{Registry}/train", "positiveClass", TextLimits.Name, HttpStatusCode.BadRequest, "/api/runs" },
        { "train trainer", "POST", $"{Registry}/train", "trainer", TextLimits.Name, HttpStatusCode.BadRequest, "/api/runs" },
        { "import label", "POST", $"{Registry}/versions", "label", TextLimits.Name, HttpStatusCode.UnprocessableEntity, $"{Registry}" },
        { "import positive class", "POST", $"{Registry}/versions", "positiveClass", TextLimits.Name, HttpStatusCode.UnprocessableEntity, $"{Registry}" },
        { "card intended use", "PUT", Card, "intendedUse", TextLimits.Text, HttpStatusCode.OK, Card },
        { "card limitations", "PUT", Card, "limitations", TextLimits.Text, HttpStatusCode.OK, Card },
        { "promotion alias", "POST", $"{Registry}/versions/1/promote", "alias", TextLimits.Name, HttpStatusCode.BadRequest, $"{Registry}/history" },
        { "promotion reason", "POST", $"{Registry}/versions/1/promote", "reason", TextLimits.Text, HttpStatusCode.OK, $"{Registry}/history" },
        { "approval reason", "POST", $"{Registry}/versions/1/approve", "reason", TextLimits.Text, HttpStatusCode.OK, $"{Registry}/versions/1/approvals" },
        { "rollback reason", "POST", $"{Registry}/rollback", "reason", TextLimits.Text, HttpStatusCode.Conflict, $"{Registry}/history" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task One_character_over_the_limit_is_a_400_naming_field_and_limit_and_stores_nothing(
        string name, string method, string url, string field, int limit, HttpStatusCode atLimit, string shownAt)
    {
        _ = atLimit;
        using var client = await fixture.Factory.ClientForAsync(Roles.Admin);
        var tooLong = new string('q', limit + 1);

        var response = await client.SendAsync(await RequestAsync(url, method, field, tooLong));

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var problem = await response.JsonAsync();
        var messages = problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(m => m.GetString()).ToList();
        Assert.Contains($"must be at most {limit} characters", messages);
        var shown = await client.GetStringAsync(shownAt);
        Assert.DoesNotContain(tooLong[..(limit / 2)], shown, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Exactly_at_the_limit_the_request_goes_through(
        string name, string method, string url, string field, int limit, HttpStatusCode atLimit, string shownAt)
    {
        _ = shownAt;
        using var client = await fixture.Factory.ClientForAsync(Roles.Admin);
        // Valid as a user name and as a password (letters, digits, upper and lower case), unique per case.
        var value = ("Aa1" + Guid.NewGuid().ToString("N") + new string('z', limit))[..limit];

        var response = await client.SendAsync(await RequestAsync(url, method, field, value));

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == atLimit, $"{name}: {response.StatusCode} {body}");
        Assert.DoesNotContain("must be at most", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_label_source_over_the_limit_rejects_its_row_naming_the_limit_and_at_the_limit_is_kept()
    {
        var p = await LoggedPredictions.AddAsync(fixture.Factory, 2, new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero));
        using var client = await fixture.Factory.ClientForAsync(Roles.DataScientist);

        var response = await client.PostAsJsonAsync("/api/labels", new object[]
        {
            new { predictionId = p[0].Id, label = "benign", source = new string('s', TextLimits.Name) },
            new { predictionId = p[1].Id, label = "benign", source = new string('q', TextLimits.Name + 1) },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal(1, body.GetProperty("accepted").GetInt32());
        var rejected = Assert.Single(body.GetProperty("rejected").EnumerateArray());
        Assert.Equal(2, rejected.GetProperty("line").GetInt32());
        Assert.Equal($"label_source must be at most {TextLimits.Name} characters.", rejected.GetProperty("error").GetString());
        var labels = fixture.Factory.Services.GetRequiredService<ILabelStore>();
        Assert.Equal(TextLimits.Name, (await labels.GetAsync(p[0].Id))?.Source?.Length);
        Assert.Null(await labels.GetAsync(p[1].Id));
    }

    /// <summary>A request that is valid apart from <paramref name="field"/>, which carries <paramref name="value"/>.</summary>
    private async Task<HttpRequestMessage> RequestAsync(string url, string method, string field, string value)
    {
        var target = url.Contains("{viewer}", StringComparison.Ordinal) ? url.Replace("{viewer}", await fixture.Factory.CreateUserAsync(Roles.Viewer), StringComparison.Ordinal) : url;
        var request = new HttpRequestMessage(new HttpMethod(method), target);
        if (url == "/api/datasets")
        {
            var form = new MultipartFormDataContent();
            // The same small file every time: registering it again is what this request means.
            request.RequestUri = new Uri(target + "?allowDuplicate=true", UriKind.Relative);
            form.Add(new ByteArrayContent("a,b\n1,2\n3,4\n"u8.ToArray()), "file", "small.csv");
            form.Add(new StringContent(value), field);
            request.Content = form;
            return request;
        }

        if (url.EndsWith("/versions", StringComparison.Ordinal))
        {
            var form = new MultipartFormDataContent();
            form.Add(new ByteArrayContent("not a zip"u8.ToArray()), "file", "model.zip");
            form.Add(new StringContent(fixture.DatasetId.ToString()), "datasetId");
            form.Add(new StringContent(field == "label" ? value : "diagnosis"), "label");
            if (field != "label") form.Add(new StringContent(value), field);
            request.Content = form;
            return request;
        }

        var body = new Dictionary<string, object?>
        {
            ["/api/keys"] = new Dictionary<string, object?> { ["name"] = "k" + Guid.NewGuid().ToString("N"), ["role"] = Roles.Viewer },
            ["/api/users"] = new Dictionary<string, object?> { ["userName"] = "u" + Guid.NewGuid().ToString("N"), ["password"] = "Pass-word-1", ["role"] = Roles.Viewer },
            ["/api/auth/token"] = new Dictionary<string, object?> { ["username"] = "nobody", ["password"] = "Wrong-pass-1" },
            ["/api/users/{viewer}/password"] = new Dictionary<string, object?>(),
            ["/api/users/{viewer}"] = new Dictionary<string, object?>(),
            [$"{Registry}/train"] = new Dictionary<string, object?> { ["datasetId"] = fixture.DatasetId, ["label"] = "diagnosis", ["positiveClass"] = "malignant", ["trainer"] = "FastTree" },
            [Card] = new Dictionary<string, object?>(),
            [$"{Registry}/versions/1/promote"] = new Dictionary<string, object?> { ["alias"] = "champion" },
            [$"{Registry}/versions/1/approve"] = new Dictionary<string, object?>(),
            [$"{Registry}/rollback"] = new Dictionary<string, object?>(),
        }[url] as Dictionary<string, object?>;
        body![field] = value;
        request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        return request;
    }
}
