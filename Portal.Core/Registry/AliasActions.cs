namespace Portal.Core.Registry;

/// <summary>Why an alias moved.</summary>
public static class AliasActions
{
    public const string Promote = "promote";
    public const string Rollback = "rollback";
}
