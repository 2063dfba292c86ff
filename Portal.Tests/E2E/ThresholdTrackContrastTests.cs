using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.E2E;

/// <summary>
/// The threshold slider's track is visible in both themes: measured on the rendered pixels (the track right of the thumb
/// against the paper just above it), it keeps the 3:1 contrast WCAG asks of a control's parts. In dark mode MudBlazor's
/// own track (primary at 30% opacity) measured about 1.4:1.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class ThresholdTrackContrastTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData("light")]
    [InlineData("dark")]
    public async Task VersionView_SliderTrack_HasAtLeast3To1ContrastWithThePaper(string theme)
    {
        var page = await browser.SignedInPageAsync();
        await page.Context.AddCookiesAsync([new Cookie { Name = "portal-theme", Value = theme, Url = browser.Portal.BaseUrl }]);
        await page.SetViewportSizeAsync(1440, 900);
        await page.GotoAsync("/models/credit-risk");
        await Expect(page.GetByTestId("threshold-value")).ToHaveTextAsync("0.50");
        // Enabled buttons: the circuit is interactive and has replaced the prerendered slider.
        await Expect(page.GetByTestId("train-button")).ToBeEnabledAsync();
        var slider = page.GetByTestId("threshold-panel").Locator("input[type=range]");
        await Expect(slider).ToBeVisibleAsync();
        await slider.ScrollIntoViewIfNeededAsync();
        var box = await slider.BoundingBoxAsync();
        Assert.NotNull(box);

        // A strip from 12 px above the slider to its bottom: the paper on top, the track across the middle.
        var clip = new Clip { X = box.X, Y = box.Y - 12, Width = box.Width, Height = box.Height + 12 };
        var png = await page.ScreenshotAsync(new PageScreenshotOptions { Clip = clip });
        var contrast = await page.EvaluateAsync<double>(
            """
            async ({ data, trackY }) => {
                const image = new Image();
                image.src = 'data:image/png;base64,' + data;
                await image.decode();
                const canvas = document.createElement('canvas');
                canvas.width = image.width; canvas.height = image.height;
                const context = canvas.getContext('2d');
                context.drawImage(image, 0, 0);
                const x = Math.round(image.width * 0.9); // right of the thumb (at 0.5): the unfilled track
                const pixel = y => context.getImageData(x, y, 1, 1).data;
                const luminance = ([r, g, b]) => [r, g, b]
                    .map(c => c / 255).map(c => c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4))
                    .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
                const [a, b] = [luminance(pixel(2)), luminance(pixel(trackY))];
                return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
            }
            """,
            new { data = Convert.ToBase64String(png), trackY = (int)Math.Round(12 + box.Height / 2) });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDir, $"threshold-track-{theme}.png"), Clip = new Clip { X = box.X - 16, Y = box.Y - 48, Width = box.Width + 32, Height = box.Height + 120 } });

        Assert.True(contrast >= 3, $"The slider track's contrast with the paper is {contrast:0.00}:1 in {theme} mode; at least 3:1 is needed.");
    }
}
