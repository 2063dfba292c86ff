using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Auth;
using Portal.Data.Entities;
using Portal.Tests.Api;

namespace Portal.Tests.RateLimits;

/// <summary>Issue 12 item 5: unknown and disabled user names cost a password hash check like real ones, so timing does not tell them apart.</summary>
public sealed class SignInTimingTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private sealed class CountingHasher : IPasswordHasher<PortalUser>
    {
        private readonly PasswordHasher<PortalUser> _inner = new();
        public int Verifications;
        public string HashPassword(PortalUser user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(PortalUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref Verifications);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }

    [Fact]
    public async Task UnknownAndDisabledUsers_StillRunThePasswordHasher()
    {
        var hasher = new CountingHasher();
        using var app = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IPasswordHasher<PortalUser>>(hasher)));
        using var client = app.CreateClient();

        var before = hasher.Verifications;
        var unknown = await client.PostAsJsonAsync("/api/auth/token", new { username = $"nobody-{Guid.NewGuid():N}", password = "some-password" });
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(before + 1, hasher.Verifications);

        var name = await factory.CreateUserAsync(Roles.Viewer);
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var user = (await users.FindByNameAsync(name))!;
            user.Disabled = true;
            await users.UpdateAsync(user);
        }

        before = hasher.Verifications;
        var disabled = await client.PostAsJsonAsync("/api/auth/token", new { username = name, password = PortalFactory.UserPassword });
        Assert.Equal(HttpStatusCode.Unauthorized, disabled.StatusCode);
        Assert.Equal(before + 1, hasher.Verifications);
    }
}
