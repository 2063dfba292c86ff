using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Audit;
using Portal.Core.Auth;
using Portal.Data.Entities;

namespace Portal.Web.Auth;

/// <summary>
/// Lists, creates, re-roles, disables, enables and resets the password of users, over Identity. Each user holds
/// exactly one role; no change may leave the portal without an enabled admin. Every action is audited with
/// the acting admin's name, and takes effect at once: the in-memory <see cref="UserAccessCache"/> is updated
/// (bearer tokens, cookies and open circuits) and, on disable or demote, the security stamp changes (the database check behind it).
/// Each call works in its own scope, so a long-lived Blazor circuit never holds stale tracked users.
/// </summary>
public sealed class UserAdminService(IServiceScopeFactory scopes, UserAccessCache access, IAuditLog audit, TimeProvider time,
    Portal.Core.Fleet.IRegistryChangeAnnouncer? changes = null)
{
    // Changes are serialised so two admins demoting each other at the same instant cannot both pass the last-admin check.
    private static readonly SemaphoreSlim Changes = new(1, 1);

    public async Task<IReadOnlyList<UserInfo>> ListAsync(CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = Users(scope);
        var roleOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var role in Roles.All)
            foreach (var member in await users.GetUsersInRoleAsync(role))
                roleOf[member.Id] = role; // Roles.All goes up, so the highest wins.
        return (await users.Users.ToListAsync(ct))
            .Select(u => new UserInfo(u.UserName!, roleOf.GetValueOrDefault(u.Id), u.Disabled, u.CreatedAt))
            .OrderBy(u => u.UserName, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    public async Task<UserInfo?> FindAsync(string userName, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = Users(scope);
        return await users.FindByNameAsync(userName) is { } user ? await InfoAsync(users, user) : null;
    }

    public async Task<UserAdminResult> CreateAsync(string actor, string? userName, string? password, string? role, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(userName)) errors["userName"] = ["is required."];
        if (string.IsNullOrEmpty(password)) errors["password"] = ["is required."];
        if (!Roles.IsKnown(role)) errors["role"] = [$"must be one of {string.Join(", ", Roles.All)}."];
        if (errors.Count > 0) return UserAdminResult.Invalid("A user needs a user name, a password and a role.", errors);

        await Changes.WaitAsync(ct);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var users = Users(scope);
            var name = userName!.Trim();
            if (await users.FindByNameAsync(name) is not null)
                return new UserAdminResult(UserAdminOutcome.Duplicate, null, $"The user name '{name}' is taken.");

            var user = new PortalUser { UserName = name, CreatedAt = time.GetUtcNow() };
            var created = await users.CreateAsync(user, password!);
            if (!created.Succeeded) return Failed(created, "The user could not be created");
            var added = await users.AddToRoleAsync(user, role!);
            if (!added.Succeeded)
            {
                await users.DeleteAsync(user);
                return Failed(added, "The user could not be given the role");
            }

            access.Set(name, new UserAccess(role, false));
            await audit.RecordAsync(actor, AuditActions.UserCreated, name, new { role, disabled = false }, ct);
            return UserAdminResult.Ok(new UserInfo(name, role, false, user.CreatedAt));
        }
        finally
        {
            Changes.Release();
        }
    }

    public Task<UserAdminResult> ChangeRoleAsync(string actor, string userName, string role, CancellationToken ct = default) =>
        UpdateAsync(actor, userName, role, null, ct);

    public Task<UserAdminResult> SetDisabledAsync(string actor, string userName, bool disabled, CancellationToken ct = default) =>
        UpdateAsync(actor, userName, null, disabled, ct);

    /// <summary>Changes the role, the disabled flag or both; a null leaves that one as it is.</summary>
    public async Task<UserAdminResult> UpdateAsync(string actor, string userName, string? role, bool? disabled, CancellationToken ct = default)
    {
        if (role is not null && !Roles.IsKnown(role))
            return UserAdminResult.Invalid("role", $"The role must be one of {string.Join(", ", Roles.All)}.");

        await Changes.WaitAsync(ct);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var users = Users(scope);
            var user = await users.FindByNameAsync(userName);
            if (user is null) return UserAdminResult.NotFound(userName);
            var held = await users.GetRolesAsync(user);
            var before = UserAccessCache.HighestRole(held);
            var newRole = role ?? before;
            if (newRole is null) return UserAdminResult.Invalid("role", $"'{user.UserName}' has no role yet: choose one of {string.Join(", ", Roles.All)}.");
            var newDisabled = disabled ?? user.Disabled;
            var roleChanges = newRole != before || held.Count != 1;
            var disabledChanges = newDisabled != user.Disabled;
            if (!roleChanges && !disabledChanges) return UserAdminResult.Ok(await InfoAsync(users, user));

            var losesAdmin = before == Roles.Admin && !user.Disabled && (newRole != Roles.Admin || newDisabled);
            if (losesAdmin && await EnabledAdminsAsync(users) <= 1)
                return new UserAdminResult(UserAdminOutcome.LastAdmin, null,
                    $"'{user.UserName}' is the last enabled admin: make another user an admin first, so someone can still manage the portal.");

            var wasDisabled = user.Disabled;
            if (roleChanges)
            {
                if (held.Count > 0) Check(await users.RemoveFromRolesAsync(user, held), "remove the old role");
                Check(await users.AddToRoleAsync(user, newRole), "add the new role");
            }

            user.Disabled = newDisabled;
            var demoted = before is not null && !Roles.AtLeast(before).Contains(newRole);
            // A new security stamp signs the user out of every browser even should the cache miss a change (checked every minute).
            Check(newDisabled && !wasDisabled || demoted ? await users.UpdateSecurityStampAsync(user) : await users.UpdateAsync(user), "save the user");

            access.Set(user.UserName!, new UserAccess(newRole, newDisabled));
            if (changes is not null)
                await changes.AnnounceAsync(new Portal.Core.Fleet.RegistryChange(Portal.Core.Fleet.RegistryChangeKinds.UserChanged, User: user.UserName), CancellationToken.None);
            if (roleChanges)
                await audit.RecordAsync(actor, AuditActions.UserRoleChanged, user.UserName!, new { before = new { role = before }, after = new { role = newRole } }, ct);
            if (disabledChanges)
                await audit.RecordAsync(actor, newDisabled ? AuditActions.UserDisabled : AuditActions.UserEnabled, user.UserName!,
                    new { before = new { disabled = wasDisabled }, after = new { disabled = newDisabled }, role = newRole }, ct);
            return UserAdminResult.Ok(new UserInfo(user.UserName!, newRole, newDisabled, user.CreatedAt));
        }
        finally
        {
            Changes.Release();
        }
    }

    /// <summary>Sets a new password (which also signs the user out of their browsers).</summary>
    public async Task<UserAdminResult> ResetPasswordAsync(string actor, string userName, string? password, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(password)) return UserAdminResult.Invalid("password", "A new password is required.");
        await using var scope = scopes.CreateAsyncScope();
        var users = Users(scope);
        var user = await users.FindByNameAsync(userName);
        if (user is null) return UserAdminResult.NotFound(userName);
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var reset = await users.ResetPasswordAsync(user, token, password);
        if (!reset.Succeeded) return Failed(reset, "The password could not be set");
        await audit.RecordAsync(actor, AuditActions.UserPasswordReset, user.UserName!, null, ct);
        return UserAdminResult.Ok(await InfoAsync(users, user));
    }

    private static UserManager<PortalUser> Users(AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();

    private static async Task<UserInfo> InfoAsync(UserManager<PortalUser> users, PortalUser user) =>
        new(user.UserName!, UserAccessCache.HighestRole(await users.GetRolesAsync(user)), user.Disabled, user.CreatedAt);

    private static async Task<int> EnabledAdminsAsync(UserManager<PortalUser> users) =>
        (await users.GetUsersInRoleAsync(Roles.Admin)).Count(u => !u.Disabled);

    /// <summary>Identity's errors, each under the field it is about.</summary>
    private static UserAdminResult Failed(IdentityResult result, string what)
    {
        var errors = result.Errors
            .GroupBy(e => e.Code.StartsWith("Password", StringComparison.Ordinal) ? "password" : e.Code.Contains("UserName", StringComparison.Ordinal) ? "userName" : "user")
            .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray());
        var message = $"{what}: {string.Join(" ", result.Errors.Select(e => e.Description))}";
        return result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.DuplicateUserName))
            ? new UserAdminResult(UserAdminOutcome.Duplicate, null, message, errors)
            : UserAdminResult.Invalid(message, errors);
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"Could not {what}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
    }
}
