using System.Security.Claims;

namespace Portal.Web.Api;

public static class UserNames
{
    /// <summary>Who is acting, as recorded in the registry: a user name, or <c>key:NAME</c> for an API key.</summary>
    public static string Of(ClaimsPrincipal user) => user.Identity?.Name ?? "anonymous";
}
