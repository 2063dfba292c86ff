using System.Net;
using Portal.Core.Auth;

namespace Portal.Tests.Api.Validation;

/// <summary>
/// An artefact store that cannot be written: its check fails with the folder and the reason, the verdict is "fail",
/// and every other check still runs. The models folder is replaced by a regular file, which stops root too (the tests
/// may run as root, for whom chmod 0555 stops nothing).
/// </summary>
public sealed class ValidationFaultTests : IDisposable
{
    private readonly PortalFactory _factory = new();

    [Fact]
    public async Task Validate_ArtefactStoreNotWritable_FailsThatCheckAndRunsTheOthers()
    {
        using var admin = await _factory.ClientForAsync(Roles.Admin);
        var models = Path.Combine(_factory.Root, "models");
        if (Directory.Exists(models)) Directory.Delete(models, recursive: true);
        await File.WriteAllTextAsync(models, "not a folder");

        var response = await admin.PostAsync("/api/admin/validate", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal("fail", body.GetProperty("verdict").GetString());
        var checks = body.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c);
        var store = checks["artefact store writable"];
        Assert.Equal("fail", store.GetProperty("outcome").GetString());
        Assert.Contains($"{models} is not writable", store.GetProperty("detail").GetString());
        Assert.Equal(["artefact store writable"], checks.Where(c => c.Value.GetProperty("outcome").GetString() == "fail").Select(c => c.Key));
        // The checks after it ran: training passed, and without a champion the prediction and drift are skipped with the reason.
        Assert.Equal("pass", checks["training run"].GetProperty("outcome").GetString());
        Assert.Equal("pass", checks["metrics endpoint"].GetProperty("outcome").GetString());
        Assert.Equal("pass", checks["anonymous request refused"].GetProperty("outcome").GetString());
        Assert.Equal("skip", checks["prediction"].GetProperty("outcome").GetString());
        Assert.Contains("no model has a champion", checks["drift run"].GetProperty("detail").GetString());
    }

    public void Dispose() => _factory.Dispose();
}
