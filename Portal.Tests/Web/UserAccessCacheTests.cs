using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Auth;
using Portal.Data.Entities;
using Portal.Tests.Api;
using Portal.Web.Auth;

namespace Portal.Tests.Web;

/// <summary>
/// The in-memory access of users: a change made behind its back (another replica's, whose announcement was missed) is
/// picked up by the reconcile pass's refresh, and a change this portal made meanwhile is not overwritten.
/// </summary>
public sealed class UserAccessCacheTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Refresh_UserDisabledAndDemotedInTheDatabase_TakesTheNewAccess()
    {
        var cache = factory.Services.GetRequiredService<UserAccessCache>();
        var disabled = await factory.CreateUserAsync(Roles.Viewer);
        var demoted = await factory.CreateUserAsync(Roles.Admin);
        Assert.Equal(new UserAccess(Roles.Viewer, false), await cache.GetAsync(disabled));
        Assert.Equal(new UserAccess(Roles.Admin, false), await cache.GetAsync(demoted));

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var user = (await users.FindByNameAsync(disabled))!;
            user.Disabled = true;
            await users.UpdateAsync(user);
            var admin = (await users.FindByNameAsync(demoted))!;
            await users.RemoveFromRoleAsync(admin, Roles.Admin);
            await users.AddToRoleAsync(admin, Roles.DataScientist);
        }

        // Behind the cache's back: still the old access until the refresh.
        Assert.Equal(new UserAccess(Roles.Viewer, false), await cache.GetAsync(disabled));
        await cache.RefreshAsync();

        Assert.Equal(new UserAccess(Roles.Viewer, true), await cache.GetAsync(disabled));
        Assert.Equal(new UserAccess(Roles.DataScientist, false), await cache.GetAsync(demoted));
    }

    [Fact]
    public async Task Refresh_UnknownUserInTheCache_IsDropped()
    {
        var cache = factory.Services.GetRequiredService<UserAccessCache>();
        cache.Set("nobody-by-this-name", new UserAccess(Roles.Viewer, false));

        await cache.RefreshAsync();

        Assert.Null(await cache.GetAsync("nobody-by-this-name"));
    }
}
