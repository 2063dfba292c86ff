using System.Text;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.E2E;

/// <summary>Uploading the same CSV twice in Chromium: a success line first, then the dataset that already holds it.</summary>
[Collection(E2ECollection.Name)]
public sealed class DatasetUploadTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task UploadSameFileTwice_SecondNamesTheFirst_ProfileWarnsAboutMissingValuesAndImbalance()
    {
        // 400 rows: 'income' is 40% missing, 'defaulted' is 'yes' in 5% of the rows.
        var csv = new StringBuilder("age,income,region,defaulted\n");
        for (var i = 0; i < 400; i++)
            csv.Append(20 + i % 50).Append(',').Append(i % 5 < 2 ? "" : (1000 + i * 7).ToString()).Append(',')
               .Append(i % 3 == 0 ? "north" : i % 3 == 1 ? "south" : "a-rather-long-region-name-west").Append(',').Append(i % 20 == 0 ? "yes" : "no").Append('\n');
        var file = Path.Combine(Path.GetTempPath(), $"loans-{Guid.NewGuid():N}"[..14] + ".csv");
        await File.WriteAllTextAsync(file, csv.ToString());
        try
        {
            var page = await browser.SignedInPageAsync();
            await page.GotoAsync("/datasets");
            await Expect(page.GetByTestId("upload-button")).ToBeEnabledAsync();
            // The circuit is interactive, but Blazor's InputFile hooks its change listener in its own after-render call: a
            // file set before that is never read (seen under CI load). Its script marks the element once hooked.
            await page.WaitForFunctionAsync("() => document.querySelector('input[type=file]')?._blazorInputFileNextFileId !== undefined");

            await page.Locator("input[type=file]").SetInputFilesAsync(file);
            await Expect(page.GetByTestId("upload-success")).ToContainTextAsync("400 rows, 4 columns");
            await Expect(page.Locator(".mud-chip", new() { HasText = Path.GetFileName(file) })).ToHaveCountAsync(0);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDir, "datasets-uploaded.png"), FullPage = true });

            await page.Locator("input[type=file]").SetInputFilesAsync(file);
            await Expect(page.GetByTestId("upload-duplicate")).ToContainTextAsync("has the same content as dataset #");
            await Expect(page.GetByTestId("upload-success")).ToHaveCountAsync(0);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDir, "datasets-duplicate.png"), FullPage = true });
            await page.SetViewportSizeAsync(390, 844);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDir, "datasets-duplicate-390.png"), FullPage = true });
            await page.SetViewportSizeAsync(1440, 900);

            await page.GetByTestId("upload-duplicate-link").ClickAsync();
            var issues = page.GetByTestId("issues");
            await Expect(issues).ToContainTextAsync("many missing values: 40% missing (160 of 400 rows)");
            await Expect(issues).ToContainTextAsync("'yes' is only 5% of the rows");
            await Expect(page.GetByTestId("column-chart-income").Locator("svg.main-svg").First).ToBeVisibleAsync();
            await Expect(page.GetByTestId("chart-loading")).ToHaveCountAsync(0);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDir, "dataset-profile.png"), FullPage = true });
            await page.SetViewportSizeAsync(390, 844);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDir, "dataset-profile-390.png"), FullPage = true });
        }
        finally
        {
            File.Delete(file);
        }
    }
}
