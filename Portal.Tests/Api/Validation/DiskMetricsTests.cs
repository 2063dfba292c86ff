using System.Net;
using System.Text.RegularExpressions;
using Portal.Core.Auth;

namespace Portal.Tests.Api.Validation;

/// <summary>portal_data_disk_used_ratio / _free_bytes in a real scrape: the data folder's file system, read at scrape time.</summary>
public sealed class DiskMetricsTests : IDisposable
{
    private readonly PortalFactory _factory = new();

    [Fact]
    public async Task Metrics_ExposeTheDataFoldersDiskSpace()
    {
        using var admin = await _factory.ClientForAsync(Roles.Admin);

        var response = await admin.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        var labels = $"{{path=\"{_factory.Root}\",folder=\"data\"}}";
        var used = MetricsText.Value(text, "portal_data_disk_used_ratio" + labels);
        var free = MetricsText.Value(text, "portal_data_disk_free_bytes" + labels);
        Assert.InRange(used, 0, 1);
        Assert.True(free > 0, $"free bytes {free}");
        // The models folder lies inside the data folder's file system here: it is not repeated.
        Assert.DoesNotMatch(new Regex("folder=\"models\""), text);
        await MetricsText.AssertPromtoolCleanAsync(text);
    }

    public void Dispose() => _factory.Dispose();
}
