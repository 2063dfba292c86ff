using System.Net;
using Portal.Core.Webhooks;

namespace Portal.Tests.Core.Webhooks;

public sealed class WebhookTargetsTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.0.9")]
    [InlineData("0.0.0.0")]
    [InlineData("10.0.0.1")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("100.127.255.254")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("::127.0.0.1")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    public void IsForbidden_NonPublicAddress_True(string address) => Assert.True(WebhookTargets.IsForbidden(IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("8.8.8.8")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    public void IsForbidden_PublicAddress_False(string address) => Assert.False(WebhookTargets.IsForbidden(IPAddress.Parse(address)));

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://example.com/hook")]
    [InlineData("gopher://example.com/")]
    [InlineData("example.com/hook")]
    [InlineData("")]
    [InlineData("https://user:pass@example.com/hook")]
    public void CheckSyntax_NotAnHttpUrl_Refused(string url) => Assert.NotNull(WebhookTargets.CheckSyntax(url, out _));

    [Fact]
    public async Task CheckAddressAsync_HostWithOnePrivateAddress_Refused()
    {
        static Task<IPAddress[]> Resolve(string host, CancellationToken ct) => Task.FromResult(new[] { IPAddress.Parse("93.184.215.14"), IPAddress.Parse("10.0.0.5") });

        var message = await WebhookTargets.CheckAddressAsync(new Uri("https://mixed.example/hook"), Resolve);

        Assert.Contains("10.0.0.5", message);
    }

    [Fact]
    public async Task CheckAddressAsync_PublicHost_Allowed()
    {
        static Task<IPAddress[]> Resolve(string host, CancellationToken ct) => Task.FromResult(new[] { IPAddress.Parse("93.184.215.14") });

        Assert.Null(await WebhookTargets.CheckAddressAsync(new Uri("https://hooks.example/hook"), Resolve));
    }

    [Fact]
    public void NextAttemptAfter_EachFailure_DoublesTheWait()
    {
        var settings = WebhookSettings.Default;
        var at = new DateTimeOffset(2026, 12, 5, 0, 0, 0, TimeSpan.Zero);

        Assert.Equal([10, 20, 40, 80], Enumerable.Range(1, 4).Select(n => (settings.NextAttemptAfter(at, n) - at).TotalSeconds));
    }
}
