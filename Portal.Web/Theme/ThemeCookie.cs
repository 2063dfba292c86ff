using Microsoft.AspNetCore.Http;

namespace Portal.Web.Theme;

/// <summary>
/// The <c>portal-theme</c> cookie that remembers the theme toggle across reloads and tabs. wwwroot/theme.js writes it
/// when the user toggles; the server reads it while prerendering, so the first paint is already in the chosen theme.
/// </summary>
public static class ThemeCookie
{
    public const string Name = "portal-theme";

    /// <summary>The stored choice; anything other than <c>dark</c> or <c>light</c> (absent, edited) means none.</summary>
    public static ThemeChoice Read(HttpRequest request) => Parse(request.Cookies[Name]);

    public static ThemeChoice Parse(string? value) => value switch
    {
        "dark" => ThemeChoice.Dark,
        "light" => ThemeChoice.Light,
        _ => ThemeChoice.System,
    };
}
