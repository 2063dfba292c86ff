using Microsoft.AspNetCore.Authorization;
using Portal.Core.Auth;

namespace Portal.Web.Auth;

/// <summary>One policy per role, each satisfied by that role or a higher one.</summary>
public static class Policies
{
    public const string Viewer = Roles.Viewer;
    public const string DataScientist = Roles.DataScientist;
    public const string Admin = Roles.Admin;

    public static void Add(AuthorizationOptions options)
    {
        foreach (var role in Roles.All)
            options.AddPolicy(role, p => p.RequireAuthenticatedUser().RequireRole(Roles.AtLeast(role)));
    }
}
