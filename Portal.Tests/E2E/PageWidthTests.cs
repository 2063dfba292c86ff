using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.E2E;

/// <summary>
/// Every page at a phone's width (390x844) and a desktop's (1440x900): the document never scrolls sideways, no table is
/// cut by a box that does not scroll, every tab strip shows its labels. Each page is photographed at both widths
/// (TestResults/e2e/pages/). Also the model page's addresses (tab and version deep links, Back) and a run kept
/// training in the background (runs list and snackbar).
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class PageWidthTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Model = "credit-risk";

    private static readonly LocatorAssertionsToBeVisibleOptions Slow = new() { Timeout = 120_000 };

    private static readonly string PagesDir = Directory.CreateDirectory(Path.Combine(BrowserFixture.ArtifactsDir, "pages")).FullName;

    /// <summary>What a user sees when the layout breaks: sideways scrolling, a cut table, a tab strip without labels.</summary>
    private const string LayoutProblems = """
        () => {
          const problems = [];
          const doc = document.documentElement;
          if (doc.scrollWidth > window.innerWidth) problems.push(`the page scrolls sideways (${doc.scrollWidth} px wide in ${window.innerWidth} px)`);
          for (const table of document.querySelectorAll('table')) {
            if (table.getBoundingClientRect().width === 0) continue; // in a hidden tab
            let box = table.parentElement;
            while (box && box !== document.body && getComputedStyle(box).overflowX === 'visible') box = box.parentElement;
            if (!box || box === document.body) continue; // the page itself: caught by the sideways-scroll check
            const scrolls = ['auto', 'scroll'].includes(getComputedStyle(box).overflowX);
            if (!scrolls && table.scrollWidth > box.clientWidth + 1)
              problems.push(`a table ${table.scrollWidth} px wide is cut by a ${box.clientWidth} px box that does not scroll (${box.className})`);
          }
          for (const bar of document.querySelectorAll('.mud-tabs-tabbar')) {
            const strip = bar.getBoundingClientRect();
            const visible = [...bar.querySelectorAll('.mud-tab')].filter(tab => {
              const r = tab.getBoundingClientRect();
              return tab.innerText.trim().length > 0 && r.width > 0 && r.right > strip.left + 8 && r.left < strip.right - 8;
            });
            if (visible.length === 0) problems.push('a tab strip shows no tab label');
          }
          return problems;
        }
        """;

    private static readonly (int Width, int Height, string Name)[] Sizes = [(390, 844, "phone"), (1440, 900, "desktop")];

    private async Task<IPage> PageAtAsync(int width, int height, bool signedIn = true)
    {
        var page = signedIn ? await browser.SignedInPageAsync() : await browser.NewPageAsync();
        await page.SetViewportSizeAsync(width, height);
        return page;
    }

    /// <summary>Opens <paramref name="path"/>, waits for its heading and for loading to end, checks the layout and photographs it.</summary>
    private static async Task<IReadOnlyList<string>> VisitAsync(IPage page, string path, string shot, string size)
    {
        await page.GotoAsync(path);
        await Expect(page.Locator("h1, .mud-typography-h4, [data-testid=model-missing]").First).ToBeVisibleAsync(Slow);
        await Expect(page.GetByTestId("loading")).ToHaveCountAsync(0, new() { Timeout = 60_000 });
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.ScreenshotAsync(new() { Path = Path.Combine(PagesDir, $"{shot}-{size}.png"), FullPage = true });
        var problems = await page.EvaluateAsync<string[]>(LayoutProblems);
        return problems.Select(p => $"{path} at {size}: {p}").ToList();
    }

    [Fact]
    public async Task EveryPage_PhoneAndDesktop_NoSidewaysScrollNoCutTableNoBlankTabStrip()
    {
        string[] pages =
        [
            "/|dashboard", "/datasets|datasets", "/datasets/1|dataset", "/models|models",
            $"/models/{Model}|model-versions", $"/models/{Model}/compare|model-compare", $"/models/{Model}/performance|model-performance",
            $"/models/{Model}/history|model-history", $"/models/{Model}/drift|model-drift", $"/models/{Model}/gates|model-gates",
            "/predict|predict", "/predictions|predictions", "/labels|labels", "/admin/keys|admin-keys", "/admin/users|admin-users",
            "/admin/audit|admin-audit", "/account/denied|denied", "/no-such-page|not-found", "/models/does-not-exist|model-missing",
        ];
        var problems = new List<string>();
        foreach (var (width, height, size) in Sizes)
        {
            var page = await PageAtAsync(width, height);
            // The demo model must be trained before its tabs mean anything.
            await page.GotoAsync($"/models/{Model}");
            await Expect(page.GetByTestId("version-1")).ToBeVisibleAsync(Slow);
            foreach (var entry in pages)
            {
                var (path, shot) = (entry.Split('|')[0], entry.Split('|')[1]);
                problems.AddRange(await VisitAsync(page, path, shot, size));
            }

            await page.Context.CloseAsync();
            var anonymous = await PageAtAsync(width, height, signedIn: false);
            problems.AddRange(await VisitAsync(anonymous, "/account/login", "login", size));
            await anonymous.Context.CloseAsync();
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task DeepLinks_TabAndVersion_OpenThemAndBackReturns()
    {
        var page = await browser.SignedInPageAsync();
        await page.GotoAsync($"/models/{Model}/versions/1");
        await Expect(page.GetByTestId("selected-version")).ToHaveTextAsync("Version 1", new() { Timeout = 120_000 });

        await page.GotoAsync($"/models/{Model}/drift");
        await Expect(page.Locator(".mud-tab-active")).ToContainTextAsync("Drift");

        // A tab click changes the address (once the circuit is up: the train button is enabled); Back returns to the tab before.
        await Expect(page.GetByTestId("train-button")).ToBeEnabledAsync();
        await page.GetByTestId("tab-history").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/models/{Model}/history$"));
        await Expect(page.Locator(".mud-tab-active")).ToContainTextAsync("History");
        await page.GoBackAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/models/{Model}/drift$"));
        await Expect(page.Locator(".mud-tab-active")).ToContainTextAsync("Drift");

        var response = await page.GotoAsync("/models/credit-risk/no-such-tab");
        Assert.Equal(404, response!.Status);
        await Expect(page.GetByTestId("not-found")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task TrainInBackground_RunShowsInTheListAndASnackbarWhenItEnds()
    {
        var page = await browser.SignedInPageAsync();
        await page.GotoAsync($"/models/{Model}");
        await Expect(page.GetByTestId("version-1")).ToBeVisibleAsync(Slow);
        var train = page.GetByTestId("train-button");
        await Expect(train).ToBeEnabledAsync();
        await train.ClickAsync();
        await Expect(page.GetByTestId("train-form")).ToBeVisibleAsync(Slow);
        await Expect(page.GetByTestId("option-numberOfTrees")).ToBeEnabledAsync();

        // A long run ahead in the queue (runs train one at a time) keeps the dialog's own run queued, so the dialog is still
        // following it when "Keep training in the background" is clicked. It is queued only now, with the form ready: queued
        // at the start of the test, it sometimes ended while a loaded machine was still opening the page, and the dialog's
        // own short run then ended before the click (the button gave way to "Close": "element was detached from the DOM").
        using var api = await browser.Portal.CreateAdminClientAsync();
        var ahead = await api.PostAsJsonAsync($"/api/models/{Model}/train", new
        {
            datasetId = 1, label = "Status", positiveClass = "bad", trainer = "FastTree",
            options = new Dictionary<string, double> { ["numberOfTrees"] = 2000, ["numberOfLeaves"] = 128, ["minimumExampleCountPerLeaf"] = 1 },
        });
        Assert.True(ahead.IsSuccessStatusCode, await ahead.Content.ReadAsStringAsync());
        await page.GetByTestId("train-start").ClickAsync();
        // The dialog swaps its form for the run's progress (and shrinks, so it moves) before the button is there to click.
        await Expect(page.GetByTestId("train-progress")).ToBeVisibleAsync(Slow);
        await page.GetByRole(AriaRole.Button, new() { Name = "Keep training in the background" }).ClickAsync();
        await Expect(page.GetByTestId("train-dialog")).ToBeHiddenAsync();

        // The run is listed at once and, when it ends (after the run ahead, which registers v2), the list links its version
        // and a snackbar says so.
        var runs = page.GetByTestId("runs-list");
        await Expect(runs.GetByTestId("run-row").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(PagesDir, "runs-in-flight-desktop.png") });
        await Expect(page.Locator(".mud-snackbar", new() { HasText = $"Training finished: {Model} v3 is registered" }))
            .ToBeVisibleAsync(new() { Timeout = 300_000 });
        await Expect(runs.GetByTestId("run-version").First).ToHaveTextAsync($"{Model} v3");
        await page.ScreenshotAsync(new() { Path = Path.Combine(PagesDir, "runs-finished-desktop.png") });
    }
}
