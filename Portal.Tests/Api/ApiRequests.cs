using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Portal.Tests.Api;

/// <summary>Small helpers shared by the API tests.</summary>
public static class ApiRequests
{
    /// <summary>Uploads a CSV; tests share a portal and upload the same samples, so duplicates are allowed unless asked otherwise.</summary>
    public static async Task<HttpResponseMessage> UploadCsvAsync(this HttpClient client, byte[] content, string fileName = "data.csv", string? name = null, bool allowDuplicate = true)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(content), "file", fileName);
        if (name is not null) form.Add(new StringContent(name), "name");
        return await client.PostAsync(allowDuplicate ? "/api/datasets?allowDuplicate=true" : "/api/datasets", form);
    }

    public static Task<HttpResponseMessage> UploadCsvAsync(this HttpClient client, string csv, string fileName = "data.csv") =>
        client.UploadCsvAsync(Encoding.UTF8.GetBytes(csv), fileName);

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    public static async Task<int> UploadSampleAsync(this HttpClient client, string sample)
    {
        var response = await client.UploadCsvAsync(await File.ReadAllBytesAsync(TestPaths.Sample(sample)), sample);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("id").GetInt32();
    }
}
