namespace Portal.Core.Registry;

public static class ModelAliases
{
    public const string Champion = "champion";
    public const string Challenger = "challenger";

    public static bool IsKnown(string alias) => alias is Champion or Challenger;
}
