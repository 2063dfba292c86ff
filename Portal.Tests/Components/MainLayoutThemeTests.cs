using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using MudBlazor.Extensions;
using Portal.Core.Auth;
using Portal.Web.Components.Layout;
using Portal.Web.Theme;

namespace Portal.Tests.Components;

/// <summary>
/// The layout starts in the theme stored in the portal-theme cookie (cascaded from the prerender), asks the browser for
/// its preference only when nothing is stored, and stores the choice when the app bar's toggle is clicked.
/// </summary>
public sealed class MainLayoutThemeTests : PortalComponentContext
{
    private const string SystemDarkMode = "mudThemeProvider.isDarkMode";

    public MainLayoutThemeTests() => SignIn(Roles.Viewer);

    private IRenderedComponent<MainLayout> RenderLayout(ThemeChoice stored) =>
        Render<MainLayout>(parameters => parameters
            .AddCascadingValue(stored)
            .Add(layout => layout.Body, (RenderFragment)(builder => builder.AddContent(0, "page"))));

    private static bool IsDark(IRenderedComponent<MainLayout> cut) => cut.FindComponent<MudThemeProvider>().Instance.GetState(x => x.IsDarkMode);

    [Fact]
    public void Render_StoredDark_IsDarkAlthoughTheSystemIsLight()
    {
        JSInterop.Setup<bool>(SystemDarkMode).SetResult(false);

        var cut = RenderLayout(ThemeChoice.Dark);

        Assert.True(IsDark(cut));
        Assert.Empty(JSInterop.Invocations[SystemDarkMode]);
    }

    [Fact]
    public void Render_StoredLight_IsLightAlthoughTheSystemIsDark()
    {
        JSInterop.Setup<bool>(SystemDarkMode).SetResult(true);

        var cut = RenderLayout(ThemeChoice.Light);

        Assert.False(IsDark(cut));
        Assert.Empty(JSInterop.Invocations[SystemDarkMode]);
    }

    [Fact]
    public void Render_NothingStored_FollowsTheSystem()
    {
        JSInterop.Setup<bool>(SystemDarkMode).SetResult(true);

        var cut = RenderLayout(ThemeChoice.System);

        cut.WaitForAssertion(() => Assert.True(IsDark(cut)));
    }

    [Fact]
    public void Toggle_FromLight_StoresDark()
    {
        var remember = JSInterop.SetupVoid("portalTheme.remember", "dark");
        var cut = RenderLayout(ThemeChoice.Light);

        cut.Find("[data-testid=theme-toggle]").Click();

        Assert.True(IsDark(cut));
        remember.VerifyInvoke("portalTheme.remember");
    }

    [Theory]
    [InlineData("dark", ThemeChoice.Dark)]
    [InlineData("light", ThemeChoice.Light)]
    [InlineData(null, ThemeChoice.System)]
    [InlineData("DARK<script>", ThemeChoice.System)]
    public void Parse_CookieValue_GivesTheChoice(string? value, ThemeChoice expected) =>
        Assert.Equal(expected, ThemeCookie.Parse(value));
}
