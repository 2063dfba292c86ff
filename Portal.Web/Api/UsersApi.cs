using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Web.Api.Contracts;
using Portal.Web.Auth;

namespace Portal.Web.Api;

public static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").RequireAuthorization(Policies.Admin).WithTags("Users");
        users.MapGet("/", ListUsers).WithName("ListUsers").WithSummary("Every user with their role and whether they are disabled.");
        users.MapGet("/{userName}", GetUser).WithName("GetUser").WithSummary("A user with their role and whether disabled.");
        users.MapPost("/", CreateUser).WithName("CreateUser").ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Create a user with a password and one role.");
        users.MapPut("/{userName}", UpdateUser).WithName("UpdateUser")
            .WithSummary("Change a user's role, disable or enable them; takes effect at once on the API and within a minute in open browsers.");
        users.MapPost("/{userName}/password", ResetPassword).WithName("ResetPassword").WithSummary("Set a new password (signs the user out of their browsers).");
        return api;
    }

    public static async Task<Ok<List<UserResponse>>> ListUsers(UserAdminService admin, CancellationToken ct) =>
        TypedResults.Ok((await admin.ListAsync(ct)).Select(ToResponse).ToList());

    public static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> GetUser(string userName, UserAdminService admin, CancellationToken ct) =>
        await admin.FindAsync(userName, ct) is { } user ? TypedResults.Ok(ToResponse(user)) : ApiProblems.NotFound($"There is no user '{userName}'.");

    public static async Task<Results<Created<UserResponse>, ProblemHttpResult>> CreateUser(
        CreateUserRequest body, UserAdminService admin, ClaimsPrincipal actor, CancellationToken ct)
    {
        var result = await admin.CreateAsync(UserNames.Of(actor), body.UserName, body.Password, body.Role, ct);
        return result is { Succeeded: true, User: { } user }
            ? TypedResults.Created($"/api/users/{Uri.EscapeDataString(user.UserName)}", ToResponse(user))
            : Problem(result);
    }

    public static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> UpdateUser(
        string userName, UpdateUserRequest body, UserAdminService admin, ClaimsPrincipal actor, CancellationToken ct)
    {
        if (body.Role is null && body.Disabled is null)
            return ApiProblems.Invalid("Send a role, disabled, or both.",
                new Dictionary<string, string[]> { ["role"] = ["or disabled is required."], ["disabled"] = ["or role is required."] });
        var result = await admin.UpdateAsync(UserNames.Of(actor), userName, body.Role, body.Disabled, ct);
        return result is { Succeeded: true, User: { } user } ? TypedResults.Ok(ToResponse(user)) : Problem(result);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> ResetPassword(
        string userName, ResetPasswordRequest body, UserAdminService admin, ClaimsPrincipal actor, CancellationToken ct)
    {
        var result = await admin.ResetPasswordAsync(UserNames.Of(actor), userName, body.Password, ct);
        return result.Succeeded ? TypedResults.NoContent() : Problem(result);
    }

    private static UserResponse ToResponse(UserInfo u) => new(u.UserName, u.Role, u.Disabled, u.CreatedAt);

    private static ProblemHttpResult Problem(UserAdminResult result) => result.Outcome switch
    {
        UserAdminOutcome.NotFound => ApiProblems.NotFound(result.Message!),
        UserAdminOutcome.Duplicate or UserAdminOutcome.LastAdmin => ApiProblems.Conflict(result.Message!),
        _ => ApiProblems.Invalid(result.Message ?? "The request is not valid.", result.Errors ?? new Dictionary<string, string[]>()),
    };
}
