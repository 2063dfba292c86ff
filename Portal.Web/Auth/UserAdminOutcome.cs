namespace Portal.Web.Auth;

public enum UserAdminOutcome
{
    Succeeded,
    /// <summary>A field is wrong (the result's errors name it).</summary>
    Invalid,
    NotFound,
    /// <summary>The user name is taken.</summary>
    Duplicate,
    /// <summary>The change would leave no enabled admin.</summary>
    LastAdmin,
}
