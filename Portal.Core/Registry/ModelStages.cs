namespace Portal.Core.Registry;

/// <summary>
/// A version's stage follows its aliases exactly: the champion is in Production, a challenger (that is not also
/// the champion) in Staging, a version that served as champion before and holds no alias now is Archived, any
/// other is None. Derived, never stored on its own, so two versions can never both show Production.
/// </summary>
public static class ModelStages
{
    public static ModelStage Of(IReadOnlyCollection<string> aliases, bool servedAsChampion) =>
        aliases.Contains(ModelAliases.Champion) ? ModelStage.Production
        : aliases.Contains(ModelAliases.Challenger) ? ModelStage.Staging
        : servedAsChampion ? ModelStage.Archived
        : ModelStage.None;
}
