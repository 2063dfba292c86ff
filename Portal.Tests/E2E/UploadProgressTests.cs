using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Portal.Tests.Hosting;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.E2E;

/// <summary>A portal without demo data whose upload limit allows the files below (Portal:Datasets:MaxUploadMegabytes).</summary>
public sealed class UploadProgressBrowserFixture() : BrowserFixture(new PortalProcessOptions
{
    Demo = false,
    Settings = new() { ["Portal:Datasets:MaxUploadMegabytes"] = "300" },
});

/// <summary>
/// Large uploads from the Datasets page in Chromium: the file streams over the circuit with a bar that moves and ends in
/// the dataset; Cancel mid-upload stores nothing and leaves no temporary file.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed partial class UploadProgressTests(UploadProgressBrowserFixture browser) : IClassFixture<UploadProgressBrowserFixture>
{
    /// <summary>"Uploading x.csv: 12.3 MB of 40.0 MB": some bytes but not all of them have arrived.</summary>
    [GeneratedRegex(@"Uploading \S+: ([0-9.]+) MB of ([0-9.]+) MB")]
    private static partial Regex UploadedOf();

    [Fact]
    public async Task UploadLargeFile_ProgressMovesThenTheDatasetIsListed()
    {
        var file = await WriteCsvAsync(megabytes: 40);
        try
        {
            var page = await OpenDatasetsAsync();
            await page.Locator("input[type=file]").SetInputFilesAsync(file);

            // The bar is shown with the file's size, and moves: a figure strictly between 0 and the whole file.
            var text = page.GetByTestId("upload-progress-text");
            await Expect(text).ToContainTextAsync("MB of 40.0 MB");
            await Expect(text).ToHaveTextAsync(new Regex(@"Uploading \S+: (?!0\.0 )(?!40\.0 )[0-9.]+ MB of 40\.0 MB"));

            await Expect(page.GetByTestId("upload-success")).ToContainTextAsync(Path.GetFileNameWithoutExtension(file), new() { Timeout = 120_000 });
            await Expect(page.GetByTestId("upload-progress")).ToHaveCountAsync(0);
            await Expect(page.GetByTestId("datasets-table")).ToContainTextAsync(Path.GetFileName(file));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task CancelDuringUpload_SaysSo_StoresNothing_LeavesNoTemporaryFile()
    {
        var file = await WriteCsvAsync(megabytes: 150);
        try
        {
            using var api = await browser.Portal.CreateAdminClientAsync();
            var before = (await (await api.GetAsync("/api/datasets")).Content.ReadAsStringAsync()).Length;
            var page = await OpenDatasetsAsync();
            await page.Locator("input[type=file]").SetInputFilesAsync(file);
            var text = page.GetByTestId("upload-progress-text");
            await Expect(text).ToHaveTextAsync(new Regex(@"Uploading \S+: (?!0\.0 )[0-9.]+ MB of 150\.0 MB"));
            var shown = UploadedOf().Match(await text.TextContentAsync() ?? "");
            Assert.True(double.Parse(shown.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) < 150, shown.Value);

            await page.GetByTestId("upload-cancel").ClickAsync();

            await Expect(page.GetByTestId("upload-cancelled")).ToContainTextAsync($"The upload of {Path.GetFileName(file)} was cancelled; nothing was stored.");
            await Expect(page.GetByTestId("upload-progress")).ToHaveCountAsync(0);
            await Expect(page.GetByTestId("upload-button")).ToBeEnabledAsync();
            Assert.Equal(before, (await (await api.GetAsync("/api/datasets")).Content.ReadAsStringAsync()).Length);
            Assert.Empty(Directory.EnumerateFiles(browser.Portal.Root, "*upload.tmp-*", SearchOption.AllDirectories));
            Assert.DoesNotContain("Unhandled", browser.Portal.Log);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private async Task<IPage> OpenDatasetsAsync()
    {
        var page = await browser.SignedInPageAsync();
        await page.GotoAsync("/datasets");
        await Expect(page.GetByTestId("upload-button")).ToBeEnabledAsync();
        await Expect(page.GetByTestId("upload-limit")).ToHaveTextAsync("up to 300 MB");
        // InputFile hooks its change listener in its own after-render call (see DatasetUploadTests).
        await page.WaitForFunctionAsync("() => document.querySelector('input[type=file]')?._blazorInputFileNextFileId !== undefined");
        return page;
    }

    /// <summary>A CSV of <paramref name="megabytes"/> MiB less a few bytes (shown as "N.0 MB"): distinct rows (an id), a category and a number.</summary>
    private static async Task<string> WriteCsvAsync(int megabytes)
    {
        var path = Path.Combine(Path.GetTempPath(), $"large-{Guid.NewGuid():N}"[..14] + ".csv");
        var target = megabytes * 1024L * 1024L;
        await using (var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20))
        {
            await writer.WriteAsync("id,region,amount\n");
            long written = 17;
            for (var i = 0; ; i++)
            {
                var line = $"{i},r{i % 9},{i % 1000}.5\n";
                if (written + line.Length > target) break;
                await writer.WriteAsync(line);
                written += line.Length;
            }
        }

        return path;
    }
}
