using Portal.Tests.Api;
using Portal.Tests.Hosting;

namespace Portal.Tests.Web.Options;

/// <summary>A bad value in any nested section of Portal options stops start-up and names its key.</summary>
public sealed class PortalOptionsValidationTests
{
    [Theory]
    [InlineData("Portal:Bootstrap:AdminUser", "")]
    [InlineData("Portal:Jwt:LifetimeMinutes", "0")]
    [InlineData("Portal:Serving:BatchLimit", "0")]
    [InlineData("Portal:Datasets:MaxUploadMegabytes", "0")]
    [InlineData("Portal:Monitoring:DriftMinRows", "0")]
    [InlineData("Portal:Rollouts:ShadowQueue", "0")]
    [InlineData("Portal:Serving:MinWorkerThreads", "0")]
    public void A_bad_nested_setting_stops_start_up_naming_its_key(string key, string value)
    {
        using var factory = new PortalFactory();
        factory.Settings[key] = value;

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains(key, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_process_exits_non_zero_and_its_output_names_the_key()
    {
        await using var portal = PortalProcess.Launch(new PortalProcessOptions
        {
            Demo = false,
            Settings = { ["Portal:Serving:BatchLimit"] = "0" },
        });

        await portal.WaitForExitAsync(TimeSpan.FromMinutes(2));

        Assert.NotEqual(0, portal.ExitCode);
        Assert.Contains("Portal:Serving:BatchLimit", portal.Log, StringComparison.Ordinal);
    }
}
