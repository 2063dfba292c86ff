namespace Portal.Core.Auth;

/// <summary>What a user may do right now: their one role (null when they have none) and whether they are disabled.</summary>
public sealed record UserAccess(string? Role, bool Disabled)
{
    /// <summary>True when the user may use the portal at all.</summary>
    public bool IsActive => !Disabled && Role is not null;
}
