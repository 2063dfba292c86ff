using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Portal.Data.Entities;

namespace Portal.Web.Auth;

/// <summary>
/// The one password check of the token endpoint and the login form: refused at once while the (account, client
/// address) pair is locked (<see cref="SignInThrottle"/>), and otherwise the password hasher always runs, for
/// unknown and disabled users too (against a dummy hash), so response times do not tell which names exist.
/// </summary>
public sealed class PasswordCheck(UserManager<PortalUser> users, IPasswordHasher<PortalUser> hasher, SignInThrottle throttle)
{
    private static string? _dummyHash;

    public async Task<PasswordCheckResult> CheckAsync(string? userName, string? password, IPAddress? client)
    {
        var name = userName?.Trim() ?? "";
        if (throttle.LockedFor(name, client) is { } locked) return PasswordCheckResult.Locked(locked);

        var user = name.Length == 0 ? null : await users.FindByNameAsync(name);
        var matches = user is not null
            ? await users.CheckPasswordAsync(user, password ?? "")
            : VerifyDummy(password ?? "");
        if (matches && user is { Disabled: false })
        {
            throttle.Succeeded(name, client);
            return PasswordCheckResult.Ok(user);
        }

        return throttle.Failed(name, client) is { } lockFor ? PasswordCheckResult.Locked(lockFor) : PasswordCheckResult.Denied;
    }

    /// <summary>Costs what checking a real user's password costs, and never matches.</summary>
    private bool VerifyDummy(string password)
    {
        var hash = _dummyHash ??= hasher.HashPassword(new PortalUser(), Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)));
        hasher.VerifyHashedPassword(new PortalUser(), hash, password);
        return false;
    }
}

/// <summary>The user when the password is right; otherwise denied, or locked for <see cref="RetryAfter"/>.</summary>
public sealed record PasswordCheckResult(PortalUser? User, TimeSpan? RetryAfter)
{
    public static readonly PasswordCheckResult Denied = new(null, null);
    public static PasswordCheckResult Ok(PortalUser user) => new(user, null);
    public static PasswordCheckResult Locked(TimeSpan retryAfter) => new(null, retryAfter);
    public bool Succeeded => User is not null;
}
