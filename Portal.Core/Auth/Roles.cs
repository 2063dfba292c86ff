namespace Portal.Core.Auth;

/// <summary>The three roles; each includes the ones before it.</summary>
public static class Roles
{
    public const string Viewer = "Viewer";
    public const string DataScientist = "DataScientist";
    public const string Admin = "Admin";

    public static IReadOnlyList<string> All { get; } = [Viewer, DataScientist, Admin];

    public static bool IsKnown(string? role) => role is Viewer or DataScientist or Admin;

    /// <summary>The roles that satisfy a requirement of <paramref name="minimum"/>.</summary>
    public static string[] AtLeast(string minimum) => minimum switch
    {
        Viewer => [Viewer, DataScientist, Admin],
        DataScientist => [DataScientist, Admin],
        Admin => [Admin],
        _ => throw new ArgumentOutOfRangeException(nameof(minimum), minimum, "Unknown role."),
    };
}
