using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Data.Entities;

namespace Portal.Web.Auth;

/// <summary>
/// The Blazor template's revalidating provider, in two steps: every second an open circuit checks its user in memory
/// (<see cref="UserAccessCache"/>: disabled, demoted or gone, here or on another replica), and every minute that the
/// user still exists, is not disabled and holds the same security stamp in the database (password resets, and a
/// fleet announcement that was missed). Either failing drops the user, so an open tab lands on the login page.
/// </summary>
public sealed class RevalidatingIdentityAuthenticationStateProvider(
    ILoggerFactory loggerFactory,
    IServiceScopeFactory scopes,
    IOptions<IdentityOptions> options,
    UserAccessCache access,
    TimeProvider time)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    /// <summary>How often the database is asked (the in-memory check runs at <see cref="RevalidationInterval"/>).</summary>
    internal static readonly TimeSpan StampInterval = TimeSpan.FromMinutes(1);

    private DateTimeOffset? _stampChecked;

    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        var principal = authenticationState.User;
        if (await UserAccessCookieEvents.CurrentRoleAsync(access, principal, cancellationToken) is null) return false;
        var now = time.GetUtcNow();
        if (_stampChecked is { } last && now - last < StampInterval) return true;

        // A fresh scope per check: the circuit's own scope would hold a long-lived DbContext with stale users.
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        if (!await IsCurrentAsync(users, principal)) return false;
        _stampChecked = now;
        return true;
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
