using System.Collections.Concurrent;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Auth;
using Portal.Data.Entities;

namespace Portal.Web.Auth;

/// <summary>
/// Each user's current role and disabled flag, in memory, so bearer-token checks on the predict path never
/// wait for the database. An entry is loaded from Identity the first time a user is seen and replaced at
/// once by <see cref="UserAdminService"/> (and on every token issued), so a disabled or demoted user loses
/// API access on their next request; sign-in cookies and open circuits consult it too (UserAccessCookieEvents).
/// Unknown users are not cached: only a validly signed token or cookie can ask.
/// </summary>
public sealed class UserAccessCache(IServiceScopeFactory scopes)
{
    private readonly ConcurrentDictionary<string, UserAccess> _users = new(StringComparer.OrdinalIgnoreCase);
    // Bumped by every Forget, so a load that read the database before another replica's change is not kept after it.
    private long _forgets;

    /// <summary>The user's current access, or null when there is no such user.</summary>
    public async ValueTask<UserAccess?> GetAsync(string userName, CancellationToken ct = default)
    {
        if (_users.TryGetValue(userName, out var cached)) return cached;
        var forgets = Interlocked.Read(ref _forgets);
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = await users.FindByNameAsync(userName);
        if (user is null) return null;
        var access = new UserAccess(HighestRole(await users.GetRolesAsync(user)), user.Disabled);
        // A forget that came while this load ran may concern it: what was read answers this request only.
        if (Interlocked.Read(ref _forgets) != forgets) return access;
        // A change made while this load ran wins over what was read.
        return _users.GetOrAdd(userName, access);
    }

    /// <summary>Records a change made by the portal; takes effect on the user's next request.</summary>
    public void Set(string userName, UserAccess access) => _users[userName] = access;

    /// <summary>Drops the user's entry (changed by another replica): the next request reads Identity again.</summary>
    public void Forget(string userName)
    {
        Interlocked.Increment(ref _forgets);
        _users.TryRemove(userName, out _);
    }

    /// <summary>
    /// Re-reads every cached user in one pass (the fleet's reconcile pass, for an announcement this replica missed). On a
    /// database error the entries stay as they are; an entry changed meanwhile by this portal keeps its newer value.
    /// </summary>
    public async Task RefreshAsync(CancellationToken ct = default)
    {
        var seen = _users.ToArray();
        if (seen.Length == 0) return;
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var roleOf = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var role in Roles.All)
            foreach (var member in await users.GetUsersInRoleAsync(role))
                roleOf[member.UserName!] = role; // Roles.All goes up, so the highest wins.
        var disabled = (await users.Users.Select(u => new { u.UserName, u.Disabled }).ToListAsync(ct))
            .ToDictionary(u => u.UserName!, u => u.Disabled, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, before) in seen)
        {
            if (!disabled.TryGetValue(name, out var isDisabled)) _users.TryRemove(new KeyValuePair<string, UserAccess>(name, before));
            else _users.TryUpdate(name, new UserAccess(roleOf.GetValueOrDefault(name), isDisabled), before);
        }
    }

    /// <summary>The one role of a user (the highest, should Identity hold more than one).</summary>
    public static string? HighestRole(IEnumerable<string> roles)
    {
        var held = roles as ICollection<string> ?? roles.ToList();
        return Roles.All.LastOrDefault(held.Contains);
    }
}
