namespace Portal.Web.Theme;

/// <summary>The light or dark choice a user made with the app bar's toggle; <see cref="System"/> until they make one.</summary>
public enum ThemeChoice
{
    /// <summary>No stored choice: follow the browser's prefers-color-scheme.</summary>
    System,
    Light,
    Dark,
}
