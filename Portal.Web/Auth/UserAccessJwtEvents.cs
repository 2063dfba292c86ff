using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Portal.Core.Auth;

namespace Portal.Web.Auth;

/// <summary>
/// Checks every validated bearer token against the user's current access (from memory): a disabled or unknown
/// user is refused (401), and a token whose role is higher than the user's current role is treated as that
/// lower role, so a demoted admin gets 403 on admin endpoints with the token they already hold.
/// </summary>
public static class UserAccessJwtEvents
{
    public static async Task OnTokenValidated(TokenValidatedContext context)
    {
        if (context.Principal?.Identity is not ClaimsIdentity identity || identity.Name is not { Length: > 0 } name)
        {
            context.Fail("The token names no user.");
            return;
        }

        var cache = context.HttpContext.RequestServices.GetRequiredService<UserAccessCache>();
        var access = await cache.GetAsync(name, context.HttpContext.RequestAborted);
        if (access is not { IsActive: true, Role: { } current })
        {
            context.Fail("The user is disabled or no longer exists.");
            return;
        }

        var tokenRoles = identity.FindAll(identity.RoleClaimType).ToList();
        if (tokenRoles.Count == 1 && Roles.IsKnown(tokenRoles[0].Value) && Roles.AtLeast(tokenRoles[0].Value).Contains(current)) return;

        // The token claims more than the user now holds (or something odd): the current role is what counts.
        foreach (var claim in tokenRoles) identity.RemoveClaim(claim);
        identity.AddClaim(new Claim(identity.RoleClaimType, current));
    }
}
