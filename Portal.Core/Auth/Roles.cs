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

    /// <summary>The lower of two roles (what both grant); an unknown role counts as no role at all.</summary>
    public static string? Lower(string? a, string? b)
    {
        int ia = IndexOf(a), ib = IndexOf(b);
        return ia < 0 || ib < 0 ? null : All[Math.Min(ia, ib)];
    }

    private static int IndexOf(string? role) => role switch { Viewer => 0, DataScientist => 1, Admin => 2, _ => -1 };
}
