using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Portal.Core.Auth;

namespace Portal.Web.Auth;

/// <summary>
/// Checks every request's sign-in cookie against the user's current access (from memory, as bearer tokens are): a
/// disabled, unknown or demoted user is signed out at once, so the next page is the login page, on this replica and,
/// once another replica's change is announced, on every other. A demoted user signs in again rather than carrying on
/// with a lowered cookie, as Identity does when a security stamp changes (the portal changes it on demotion, and an
/// open circuit can only keep or drop its user). A promoted user's cookie takes the new role at once and is re-issued.
/// Identity's security-stamp check still runs afterwards (password resets and a missed announcement).
/// </summary>
public static class UserAccessCookieEvents
{
    /// <summary>The cookie check, ahead of <paramref name="next"/> (Identity's security-stamp validator).</summary>
    public static Func<CookieValidatePrincipalContext, Task> ThenValidate(Func<CookieValidatePrincipalContext, Task> next) => async context =>
    {
        var cache = context.HttpContext.RequestServices.GetRequiredService<UserAccessCache>();
        var principal = context.Principal;
        var current = principal is null ? null : await CurrentRoleAsync(cache, principal, context.HttpContext.RequestAborted);
        if (principal is null || current is null)
        {
            context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(UserAccessCookieEvents))
                .LogInformation("Signed out {User}: disabled, demoted or gone", principal?.Identity?.Name);
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }

        if (principal.Identity is ClaimsIdentity identity && RoleOf(identity) != current)
        {
            // Promoted: the cookie carries the new role from this request on.
            foreach (var claim in identity.FindAll(identity.RoleClaimType).ToList()) identity.RemoveClaim(claim);
            identity.AddClaim(new Claim(identity.RoleClaimType, current));
            context.ShouldRenew = true;
        }

        await next(context);
    };

    /// <summary>
    /// The user's current role when the principal may go on (the same role or a higher one); null when it must sign
    /// in again: the user is disabled, has no role, no longer exists, or holds less than the principal claims.
    /// </summary>
    public static async ValueTask<string?> CurrentRoleAsync(UserAccessCache cache, ClaimsPrincipal principal, CancellationToken ct)
    {
        if (principal.Identity is not ClaimsIdentity { Name: { Length: > 0 } name } identity) return null;
        if (await cache.GetAsync(name, ct) is not { IsActive: true, Role: { } current }) return null;
        var held = RoleOf(identity);
        return held is null || Roles.AtLeast(held).Contains(current) ? current : null;
    }

    private static string? RoleOf(ClaimsIdentity identity) => UserAccessCache.HighestRole(identity.FindAll(identity.RoleClaimType).Select(c => c.Value));
}
