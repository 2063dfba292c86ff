namespace Portal.Core.Common;

/// <summary>
/// The longest name and free text Portal accepts, defined once so the API's 400, the UI's MaxLength and the docs agree.
/// Without a bound, one request could store a megabyte-long dataset name that every list page then renders.
/// </summary>
public static class TextLimits
{
    /// <summary>Names and short values: dataset, key, user and column names, roles, aliases, label sources.</summary>
    public const int Name = 200;

    /// <summary>Free text: model card text (the card's own limit since it had one), promotion, approval and rollback reasons.</summary>
    public const int Text = 4_000;

    /// <summary>Passwords: long enough for any passphrase, short enough that hashing one costs nothing unusual.</summary>
    public const int Secret = 256;

    /// <summary>The problem with <paramref name="value"/>, or null when it fits (a missing value always fits here).</summary>
    public static string? Check(string? value, int max) => value is not null && value.Length > max ? TooLong(max) : null;

    public static string TooLong(int max) => $"must be at most {max} characters";
}
