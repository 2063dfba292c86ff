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
