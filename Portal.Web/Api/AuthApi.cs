using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Portal.Core.Auth;
using Portal.Data.Entities;
using Portal.Web.Api.Contracts;
using Portal.Web.Auth;

namespace Portal.Web.Api;

public static class AuthApi
{
    public static RouteGroupBuilder MapAuthApi(this RouteGroupBuilder api)
    {
        api.MapPost("/auth/token", CreateToken).AllowAnonymous().WithName("CreateToken").ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status429TooManyRequests).WithTags("Authentication")
            .WithSummary("Exchange a user name and password for a bearer token.");
        return api;
    }

    public static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> CreateToken(
        TokenRequest body, HttpContext http, PasswordCheck passwords, UserManager<PortalUser> users, TokenIssuer issuer, UserAccessCache access)
    {
        var denied = ApiProblems.Status(StatusCodes.Status401Unauthorized, "Unauthorized", "The user name or password is wrong, or the account is locked or disabled.");
        if (string.IsNullOrEmpty(body.Username) || string.IsNullOrEmpty(body.Password)) return denied;
        var check = await passwords.CheckAsync(body.Username, body.Password, http.Connection.RemoteIpAddress);
        if (check.RetryAfter is { } wait)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return ApiProblems.Status(StatusCodes.Status429TooManyRequests, "Too many failed sign-ins",
                $"Too many wrong passwords for this account from this address: try again in {seconds} s.");
        }

        if (check.User is not { } user) return denied;

        // Disabled users are refused by PasswordCheck.
        var role = UserAccessCache.HighestRole(await users.GetRolesAsync(user));
        // What was just read is current: the bearer checks of this user's later requests use it.
        access.Set(user.UserName!, new UserAccess(role, user.Disabled));
        if (role is null) return denied;
        var (token, expiresIn) = issuer.Issue(user.UserName!, role);
        return TypedResults.Ok(new TokenResponse(token, "Bearer", expiresIn));
    }
}
