namespace Portal.Core.Registry;

public static class VersionSources
{
    public const string Trained = "trained";
    public const string Imported = "imported";
}
