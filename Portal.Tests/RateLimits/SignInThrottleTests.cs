using System.Net;
using Microsoft.Extensions.Options;
using Portal.Web.Auth;
using Portal.Web.RateLimits;

namespace Portal.Tests.RateLimits;

public sealed class SignInThrottleTests
{
    private static readonly IPAddress Stranger = IPAddress.Parse("10.0.0.1"), Owner = IPAddress.Parse("10.0.0.2");

    [Fact]
    public void FiveFailures_LockOneMinute_DoublingToFifteenMinutes_ForThatAddressOnly()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var throttle = new SignInThrottle(Options.Create(new RateLimitOptions()), clock);
        var locks = new List<TimeSpan>();
        for (var round = 0; round < 6; round++)
        {
            for (var i = 0; i < 4; i++) Assert.Null(throttle.Failed("Admin", Stranger));
            var lockFor = throttle.Failed("admin", Stranger);
            Assert.NotNull(lockFor);
            locks.Add(lockFor.Value);
            Assert.NotNull(throttle.LockedFor("ADMIN", Stranger));
            Assert.Null(throttle.LockedFor("admin", Owner));
            clock.Advance(lockFor.Value);
            Assert.Null(throttle.LockedFor("admin", Stranger));
        }

        Assert.Equal(new[] { 1, 2, 4, 8, 15, 15 }.Select(m => TimeSpan.FromMinutes(m)), locks);
    }

    [Fact]
    public void Success_ClearsTheRecord()
    {
        var throttle = new SignInThrottle(Options.Create(new RateLimitOptions()), TimeProvider.System);
        for (var i = 0; i < 4; i++) throttle.Failed("admin", Owner);
        throttle.Succeeded("admin", Owner);
        for (var i = 0; i < 4; i++) Assert.Null(throttle.Failed("admin", Owner));
    }
}
