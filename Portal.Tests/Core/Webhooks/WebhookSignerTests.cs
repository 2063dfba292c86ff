using System.Text;
using Portal.Core.Webhooks;

namespace Portal.Tests.Core.Webhooks;

public sealed class WebhookSignerTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"type\":\"ping\"}");

    [Fact]
    public void Sign_KnownInput_MatchesPythonsHmac()
    {
        // python3: hmac.new(b'whsec_test', b'1764905400.{"type":"ping"}', hashlib.sha256).hexdigest()
        Assert.Equal("t=1764905400,v1=94613c1080ed9f84ea6f05519a1483e20ae5f96d3bd9d9f717bc64d348d32f91", WebhookSigner.Sign("whsec_test", 1764905400, Body));
    }

    [Theory]
    [InlineData("whsec_other", 1764905400, "{\"type\":\"ping\"}")]
    [InlineData("whsec_test", 1764905401, "{\"type\":\"ping\"}")]
    [InlineData("whsec_test", 1764905400, "{\"type\":\"pong\"}")]
    public void Verify_AnyPartChanged_Fails(string secret, long timestamp, string body)
    {
        var signature = WebhookSigner.Sign("whsec_test", 1764905400, Body);

        Assert.False(WebhookSigner.Verify(secret, timestamp, Encoding.UTF8.GetBytes(body), signature));
        Assert.True(WebhookSigner.Verify("whsec_test", 1764905400, Body, signature));
    }
}
