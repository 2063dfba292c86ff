using Portal.Tests.Api;

namespace Portal.Tests.RateLimits;

public sealed class RateLimitOptionsTests
{
    [Theory]
    [InlineData("Portal:RateLimits:SignIn:PermitLimit", "0")]
    [InlineData("Portal:RateLimits:Api:PermitsPerSecond", "-1")]
    [InlineData("Portal:RateLimits:Lockout:MaxLockSeconds", "10")]
    public void BadSetting_StopsStartUp_NamingTheKey(string key, string value)
    {
        using var factory = new PortalFactory { Settings = { [key] = value } };
        var failure = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.Contains(key, failure.ToString());
    }
}
