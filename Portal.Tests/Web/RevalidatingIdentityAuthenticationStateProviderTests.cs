using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Auth;
using Portal.Data.Entities;
using Portal.Tests.Api;
using Portal.Web.Auth;

namespace Portal.Tests.Web;

public sealed class RevalidatingIdentityAuthenticationStateProviderTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task ValidateAuthenticationState_EnabledUser_ReturnsTrue()
    {
        var name = await factory.CreateUserAsync(Roles.Viewer);
        await using var scope = factory.Services.CreateAsyncScope();
        var state = await SignedInStateAsync(scope, name);

        Assert.True(await Provider(scope).ValidateAsync(state));
    }

    [Fact]
    public async Task ValidateAuthenticationState_DisabledUser_ReturnsFalse()
    {
        var name = await factory.CreateUserAsync(Roles.Viewer);
        await using var scope = factory.Services.CreateAsyncScope();
        var state = await SignedInStateAsync(scope, name);

        Assert.True((await scope.ServiceProvider.GetRequiredService<UserAdminService>().SetDisabledAsync("admin", name, true)).Succeeded);

        Assert.False(await Provider(scope).ValidateAsync(state));
    }

    [Fact]
    public async Task ValidateAuthenticationState_DemotedUser_ReturnsFalse()
    {
        var name = await factory.CreateUserAsync(Roles.DataScientist);
        await using var scope = factory.Services.CreateAsyncScope();
        var state = await SignedInStateAsync(scope, name);

        Assert.True((await scope.ServiceProvider.GetRequiredService<UserAdminService>().ChangeRoleAsync("admin", name, Roles.Viewer)).Succeeded);

        Assert.False(await Provider(scope).ValidateAsync(state));
    }

    [Fact]
    public async Task ValidateAuthenticationState_DisabledInMemoryWithinTheMinute_ReturnsFalse()
    {
        var name = await factory.CreateUserAsync(Roles.DataScientist);
        await using var scope = factory.Services.CreateAsyncScope();
        var state = await SignedInStateAsync(scope, name);
        var provider = Provider(scope);
        Assert.True(await provider.ValidateAsync(state));

        // What another replica's announcement leads to: the cache alone knows, the database check is a minute away.
        factory.Services.GetRequiredService<UserAccessCache>().Set(name, new UserAccess(Roles.DataScientist, Disabled: true));

        Assert.False(await provider.ValidateAsync(state));
    }

    [Fact]
    public async Task ValidateAuthenticationState_DemotedInMemory_ReturnsFalse_PromotedInMemory_ReturnsTrue()
    {
        var name = await factory.CreateUserAsync(Roles.DataScientist);
        await using var scope = factory.Services.CreateAsyncScope();
        var state = await SignedInStateAsync(scope, name);
        var provider = Provider(scope);
        var cache = factory.Services.GetRequiredService<UserAccessCache>();

        cache.Set(name, new UserAccess(Roles.Admin, Disabled: false));
        Assert.True(await provider.ValidateAsync(state));
        cache.Set(name, new UserAccess(Roles.Viewer, Disabled: false));
        Assert.False(await provider.ValidateAsync(state));
    }

    [Fact]
    public async Task ValidateAuthenticationState_AsksTheDatabaseOncePerMinute_TheCacheEverySecond()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        await using var clocked = new PortalFactory { Clock = clock };
        var name = await clocked.CreateUserAsync(Roles.Viewer);
        await using var scope = clocked.Services.CreateAsyncScope();
        var state = await SignedInStateAsync(scope, name);
        var provider = Provider(scope);
        Assert.True(await provider.ValidateAsync(state));

        // A new stamp behind the cache's back (a password reset): seen at the next database check, not before.
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        await users.UpdateSecurityStampAsync((await users.FindByNameAsync(name))!);
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.True(await provider.ValidateAsync(state));
        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.False(await provider.ValidateAsync(state));
    }

    [Fact]
    public async Task SignIn_DisabledUser_IsNotAllowed()
    {
        var name = await factory.CreateUserAsync(Roles.Viewer);
        await using var scope = factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<UserAdminService>().SetDisabledAsync("admin", name, true);
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<PortalUser>>();
        var user = (await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByNameAsync(name))!;

        var result = await signIn.CheckPasswordSignInAsync(user, PortalFactory.UserPassword, lockoutOnFailure: false);

        Assert.True(result.IsNotAllowed);
    }

    private static RevalidatingIdentityAuthenticationStateProvider Provider(AsyncServiceScope scope) =>
        Assert.IsType<RevalidatingIdentityAuthenticationStateProvider>(scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>());

    /// <summary>The principal a cookie sign-in would carry (user id and security stamp claims).</summary>
    private static async Task<AuthenticationState> SignedInStateAsync(AsyncServiceScope scope, string name)
    {
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var factory = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<PortalUser>>();
        return new AuthenticationState(await factory.CreateAsync((await users.FindByNameAsync(name))!));
    }
}
