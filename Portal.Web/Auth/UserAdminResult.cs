namespace Portal.Web.Auth;

/// <summary>The outcome of a user administration action, with a message in plain words when it did not succeed.</summary>
public sealed record UserAdminResult(UserAdminOutcome Outcome, UserInfo? User, string? Message, IReadOnlyDictionary<string, string[]>? Errors = null)
{
    public bool Succeeded => Outcome == UserAdminOutcome.Succeeded;

    public static UserAdminResult Ok(UserInfo user) => new(UserAdminOutcome.Succeeded, user, null);

    public static UserAdminResult NotFound(string userName) => new(UserAdminOutcome.NotFound, null, $"There is no user '{userName}'.");

    public static UserAdminResult Invalid(string message, IReadOnlyDictionary<string, string[]> errors) => new(UserAdminOutcome.Invalid, null, message, errors);

    public static UserAdminResult Invalid(string field, string message) => Invalid(message, new Dictionary<string, string[]> { [field] = [message] });
}
