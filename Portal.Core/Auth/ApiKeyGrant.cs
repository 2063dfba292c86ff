namespace Portal.Core.Auth;

/// <summary>
/// What a key may do right now: never more than its owner currently holds. The effective role is the lower
/// of the key's role and the owner's current role; a disabled, role-less or deleted owner's keys are refused.
/// </summary>
public static class ApiKeyGrant
{
    /// <summary>The key's effective role, or null when the key must be refused.</summary>
    public static string? RoleFor(ApiKeyInfo key, UserAccess? owner) =>
        owner is { IsActive: true, Role: { } current } ? Roles.Lower(key.Role, current) : null;
}
