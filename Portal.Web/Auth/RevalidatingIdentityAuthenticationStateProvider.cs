using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Data.Entities;

namespace Portal.Web.Auth;

/// <summary>
/// The Blazor template's revalidating provider: every minute an open circuit re-checks that its user still
/// exists, is not disabled and holds the same security stamp (changed on disable and demote), and drops
/// the user otherwise, so an open browser tab loses access without waiting for the next page load.
/// </summary>
public sealed class RevalidatingIdentityAuthenticationStateProvider(
    ILoggerFactory loggerFactory,
    IServiceScopeFactory scopes,
    IOptions<IdentityOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        // A fresh scope per check: the circuit's own scope would hold a long-lived DbContext with stale users.
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        return await IsCurrentAsync(users, authenticationState.User);
    }

    /// <summary>For tests: the same check the circuit runs every <see cref="RevalidationInterval"/>.</summary>
    internal Task<bool> ValidateAsync(AuthenticationState state, CancellationToken ct = default) => ValidateAuthenticationStateAsync(state, ct);

    private async Task<bool> IsCurrentAsync(UserManager<PortalUser> users, ClaimsPrincipal principal)
    {
        var user = await users.GetUserAsync(principal);
        if (user is null || user.Disabled) return false;
        if (!users.SupportsUserSecurityStamp) return true;
        var stamp = principal.FindFirstValue(options.Value.ClaimsIdentity.SecurityStampClaimType);
        return stamp == await users.GetSecurityStampAsync(user);
    }
}
