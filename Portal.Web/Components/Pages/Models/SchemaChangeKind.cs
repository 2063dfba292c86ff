namespace Portal.Web.Components.Pages.Models;

public enum SchemaChangeKind
{
    Added,
    Removed,
    TypeChanged,
    CategoriesChanged,
    MissingChanged,
}
