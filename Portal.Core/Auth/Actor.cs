namespace Portal.Core.Auth;

/// <summary>
/// Who acts: always a person (a user name), and the API key they act through, if any. A key acts for the
/// person who created it, so four-eyes rules and key ownership compare persons, never key names.
/// </summary>
public sealed record Actor(string Person, string? ViaKey = null)
{
    /// <summary>As shown in the audit log and on records: the user name, or <c>key:NAME</c> for a key.</summary>
    public string Name => ViaKey is null ? Person : $"key:{ViaKey}";

    public bool IsSamePerson(string? person) => string.Equals(Person, person, StringComparison.OrdinalIgnoreCase);
}
