using System.Text.RegularExpressions;

namespace Portal.Core.Registry;

public static partial class ModelNames
{
    /// <summary>Lower-case letters, digits, '-', '_' and '.', starting with a letter or digit; at most 64 characters.</summary>
    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex Pattern();
}
