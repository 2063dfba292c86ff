using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.E2E;

/// <summary>
/// An admin governs the demo model end to end in its own portal: trains a weaker second version, sees a gate
/// block it, lowers the gate, promotes it, then rolls back; the Predict playground shows who serves each time.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class GovernanceTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Model = "credit-risk";

    /// <summary>Training and engine swaps take longer than Playwright's default 5 s on a busy two-core machine.</summary>
    private static readonly LocatorAssertionsToBeVisibleOptions Slow = new() { Timeout = 120_000 };

    [Fact]
    public async Task Admin_TrainsGatesPromotesAndRollsBack_PlaygroundFollowsTheChampion()
    {
        var page = await browser.SignedInPageAsync();
        await page.GotoAsync($"/models/{Model}");
        await Expect(page.GetByTestId("version-1")).ToBeVisibleAsync(Slow);

        // A deliberately weak second version: one tree with two leaves.
        var v2Auc = await TrainWeakVersionAsync(page);
        await Expect(page.GetByTestId("version-2")).ToBeVisibleAsync(Slow);

        // Compare v1 (champion) with v2: both ROC curves in one Plotly chart, drawn in the browser.
        await page.GetByTestId("tab-compare").ClickAsync();
        await Expect(page.GetByTestId("compare-metrics")).ToContainTextAsync("0.865");
        await Expect(page.GetByTestId("compare-roc").Locator("svg.main-svg").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("compare-schema")).ToContainTextAsync("Same features");
        await Screenshot(page, "compare.png");
        await page.GetByTestId("tab-versions").ClickAsync();

        // A minimum AUC above v2's blocks it.
        await SetMinAucAsync(page, v2Auc + 0.02);
        await OpenPromoteAsync(page, 2);
        var aucRow = page.GetByTestId("gate-row-minAuc");
        await Expect(aucRow).ToHaveAttributeAsync("data-passed", "false");
        await Expect(page.GetByTestId("promote-blocked")).ToContainTextAsync("below the minimum");
        await Expect(page.GetByTestId("promote-confirm")).ToBeDisabledAsync();
        await Screenshot(page, "promote-blocked.png");
        await page.GetByTestId("promote-cancel").ClickAsync();
        await Expect(page.GetByTestId("promote-dialog")).ToBeHiddenAsync();

        // Lowered below v2's AUC, the gate passes and v2 is promoted.
        await SetMinAucAsync(page, v2Auc - 0.02);
        await OpenPromoteAsync(page, 2);
        await Expect(aucRow).ToHaveAttributeAsync("data-passed", "true");
        await page.GetByTestId("promote-reason").FillAsync("e2e: try the new version");
        var confirm = page.GetByTestId("promote-confirm");
        await Expect(confirm).ToBeEnabledAsync();
        await confirm.ClickAsync();
        await Expect(page.GetByTestId("promote-outcome")).ToHaveAttributeAsync("data-status", "Promoted", new() { Timeout = 60_000 });
        await Screenshot(page, "promote-succeeded.png");
        await page.GetByTestId("promote-close").ClickAsync();
        await Expect(page.GetByTestId("alias-2-champion")).ToBeVisibleAsync();

        await ExpectPlaygroundAnswersWithAsync(page, "v2");

        // Rollback returns v1 at once, with a reason.
        await page.GotoAsync($"/models/{Model}");
        var rollback = page.GetByTestId("rollback-button");
        await Expect(rollback).ToBeEnabledAsync();
        await rollback.ClickAsync();
        await page.GetByTestId("rollback-reason").FillAsync("e2e: v2 is worse");
        var rollbackConfirm = page.GetByTestId("rollback-confirm");
        await Expect(rollbackConfirm).ToBeEnabledAsync();
        await rollbackConfirm.ClickAsync();
        await Expect(page.GetByTestId("rollback-dialog")).ToBeHiddenAsync(new() { Timeout = 60_000 });
        await Expect(page.GetByTestId("alias-1-champion")).ToBeVisibleAsync();

        await page.GetByTestId("tab-history").ClickAsync();
        var items = page.GetByTestId("history-item");
        await Expect(items).ToHaveCountAsync(3);
        await Expect(items.First).ToHaveAttributeAsync("data-action", "rollback");
        await Expect(items.First).ToContainTextAsync("e2e: v2 is worse");
        await Expect(items.Nth(1)).ToContainTextAsync("e2e: try the new version");
        await Screenshot(page, "history.png");

        await ExpectPlaygroundAnswersWithAsync(page, "v1");
    }

    /// <summary>Trains v2 from the Train dialog (prefilled from v1) with one two-leaf tree; returns its test AUC.</summary>
    private static async Task<double> TrainWeakVersionAsync(IPage page)
    {
        var train = page.GetByTestId("train-button");
        await Expect(train).ToBeEnabledAsync();
        await train.ClickAsync();
        await Expect(page.GetByTestId("train-form")).ToBeVisibleAsync(Slow);
        await FillNumberAsync(page.GetByTestId("option-numberOfTrees"), "1");
        await FillNumberAsync(page.GetByTestId("option-numberOfLeaves"), "2");
        await page.GetByTestId("train-start").ClickAsync();
        var succeeded = page.GetByTestId("train-succeeded");
        await Expect(succeeded).ToBeVisibleAsync(Slow);
        await Expect(succeeded).ToContainTextAsync("v2");
        var text = await succeeded.InnerTextAsync();
        var auc = double.Parse(Regex.Match(text, @"AUC of (\d\.\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(auc < 0.865, $"v2 should be weaker than the demo's v1 (AUC 0.865); it has {auc}.");
        await page.GetByTestId("train-close").ClickAsync();
        return auc;
    }

    private static async Task SetMinAucAsync(IPage page, double minAuc)
    {
        await page.GetByTestId("tab-gates").ClickAsync();
        await Expect(page.GetByTestId("gates-form")).ToBeVisibleAsync();
        var threshold = minAuc.ToString("0.000", CultureInfo.InvariantCulture);
        await FillNumberAsync(page.GetByTestId("gate-minAuc"), threshold);
        var save = page.GetByTestId("gates-save");
        await Expect(save).ToBeEnabledAsync();
        await save.ClickAsync();
        // The summary shows the stored gates: once it names the new threshold the save is done.
        await Expect(page.GetByTestId("gates-summary")).ToContainTextAsync($"Min AUC {threshold.TrimEnd('0')}");
        await Expect(page.GetByTestId("gates-updated")).ToContainTextAsync("admin");
        await Screenshot(page, $"gates-{threshold}.png");
        await page.GetByTestId("tab-versions").ClickAsync();
    }

    private static async Task OpenPromoteAsync(IPage page, int version)
    {
        var promote = page.GetByTestId($"promote-{version}");
        await Expect(promote).ToBeEnabledAsync();
        await promote.ClickAsync();
        await Expect(page.GetByTestId("promote-gates")).ToBeVisibleAsync();
    }

    private static async Task ExpectPlaygroundAnswersWithAsync(IPage page, string version)
    {
        await page.GotoAsync($"/predict?model={Model}");
        var submit = page.GetByTestId("predict-submit");
        await Expect(submit).ToBeEnabledAsync();
        await submit.ClickAsync();
        await Expect(page.GetByTestId("predict-version")).ToHaveTextAsync(version);
        await Screenshot(page, $"predict-{version}.png");
    }

    /// <summary>MudBlazor numeric fields take their value on change, i.e. when the field loses focus.</summary>
    private static async Task FillNumberAsync(ILocator field, string value)
    {
        await Expect(field).ToBeEnabledAsync();
        await field.FillAsync(value);
        await field.PressAsync("Tab");
        await Expect(field).ToHaveValueAsync(value);
    }

    private static Task Screenshot(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDir, "governance-" + name), FullPage = true });
}
