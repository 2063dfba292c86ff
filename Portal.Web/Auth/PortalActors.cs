using System.Security.Claims;
using Portal.Core.Auth;

namespace Portal.Web.Auth;

/// <summary>The <see cref="Actor"/> behind a request: the signed-in user, or an API key and the person who owns it.</summary>
public static class PortalActors
{
    public static Actor Of(ClaimsPrincipal user) =>
        user.FindFirst(PortalClaims.Owner)?.Value is { } owner
            ? new Actor(owner, user.FindFirst(PortalClaims.KeyName)?.Value)
            : new Actor(user.Identity?.Name ?? "anonymous");
}
