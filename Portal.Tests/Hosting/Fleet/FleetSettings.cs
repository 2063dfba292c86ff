using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Portal.Data.Artefacts;
using Portal.Tests.Api;

namespace Portal.Tests.Hosting.Fleet;

/// <summary>What the fleet tests' processes share: one PostgreSQL database and one bucket, and versions made from v1's artefact.</summary>
public static class FleetSettings
{
    /// <summary>The configuration of a replica on <paramref name="database"/> and <paramref name="s3"/>'s bucket, plus <paramref name="more"/>.</summary>
    public static Dictionary<string, string> Of(string database, S3Server s3, IEnumerable<(string Key, string Value)> more)
    {
        var settings = new Dictionary<string, string>
        {
            ["Portal:Database:Provider"] = "postgres",
            ["ConnectionStrings:Portal"] = database,
        };
        foreach (var (key, value) in s3.PortalSettings())
            if (value is not null) settings[key] = value;
        foreach (var (key, value) in more) settings[key] = value;
        return settings;
    }

    /// <summary>Registers v2..v<paramref name="versions"/> of <paramref name="model"/> by importing v1's artefact (see <see cref="ImportCopyAsync"/>).</summary>
    public static async Task ImportCopiesAsync(HttpClient admin, S3Server s3, string model, int versions)
    {
        for (var v = 2; v <= versions; v++) await ImportCopyAsync(admin, s3, model);
    }

    /// <summary>
    /// Registers a new version of <paramref name="model"/> by importing v1's artefact, read from the bucket (where the
    /// replica that trained it put it) and checked against the registry's SHA-256; returns its number.
    /// </summary>
    public static async Task<int> ImportCopyAsync(HttpClient admin, S3Server s3, string model)
    {
        var v1 = await (await admin.GetAsync($"/api/models/{model}/versions/1")).EnsureSuccessStatusCode().JsonAsync();
        byte[] artefact;
        using (var blobs = new S3ArtefactBlobs(new S3Settings(s3.Bucket)
               {
                   Endpoint = s3.Endpoint, Region = "us-east-1", ForcePathStyle = true, AccessKey = S3Server.AccessKey, SecretKey = S3Server.SecretKey,
               }))
        {
            artefact = await blobs.GetAsync($"{model}/v1.zip") ?? throw new InvalidOperationException($"{model}/v1.zip is not in the bucket {s3.Bucket}.");
        }

        Assert.Equal(v1.GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(artefact)));
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(artefact), "file", "model.zip" },
            { new StringContent(v1.GetProperty("datasetId").GetInt32().ToString(CultureInfo.InvariantCulture)), "datasetId" },
            { new StringContent("Status"), "label" },
            { new StringContent("bad"), "positiveClass" },
        };
        var created = await admin.PostAsync($"/api/models/{model}/versions", form);
        Assert.True(created.IsSuccessStatusCode, $"import: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
        return (await created.JsonAsync()).GetProperty("version").GetInt32();
    }
}
