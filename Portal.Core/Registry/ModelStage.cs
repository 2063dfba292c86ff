namespace Portal.Core.Registry;

public enum ModelStage
{
    None,
    Staging,
    Production,
    Archived,
}
