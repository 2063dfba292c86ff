using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Extensions;
using Portal.Core.Auth;
using Portal.Core.Predictions;
using Portal.Web.Components.Pages.Predictions;

namespace Portal.Tests.Components;

public sealed class PredictionsPageTests : PortalComponentContext
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 12, 0, 7, TimeSpan.Zero);

    private async Task<PredictionRecord[]> SeedAsync()
    {
        await RegisterVersionAsync("credit", CreditSchema());
        await RegisterVersionAsync("churn", CreditSchema());
        PredictionRecord[] records =
        [
            new(PredictionIds.Next(At), "credit", 1, "champion", """{"Seniority":3,"Home":"owner"}""", "bad", 0.81, 1, At),
            new(PredictionIds.Next(At.AddMinutes(1)), "credit", 1, "champion", """{"Seniority":9,"Home":"rent"}""", "good", 0.12, 1, At.AddMinutes(1)),
            new(PredictionIds.Next(At.AddMinutes(2)), "churn", 1, "champion", """{"Seniority":1}""", "bad", 0.66, 1, At.AddMinutes(2)),
        ];
        await Services.GetRequiredService<IPredictionStore>().AddBatchAsync(records);
        await Services.GetRequiredService<ILabelStore>().UpsertAsync([new LabelRecord(records[0].Id, "good", null, "crm", At, "t")]);
        return records;
    }

    [Fact]
    public async Task FilterModel_OnlyThatModelsRows()
    {
        var records = await SeedAsync();
        SignIn(Roles.Viewer, "viewer");
        Render<MudPopoverProvider>();
        var cut = Render<PredictionsPage>();
        cut.WaitForAssertion(() => Assert.Equal(3, cut.Find("[data-testid=predictions-table]").QuerySelectorAll("tbody tr").Length));

        var filter = cut.FindComponents<MudSelect<string>>().Single(s => Equals(s.Instance.UserAttributes.GetValueOrDefault("data-testid"), "predictions-filter-model"));
        await cut.InvokeAsync(() => filter.Instance.ValueChanged.InvokeAsync("credit"));

        cut.WaitForAssertion(() => Assert.Equal(2, cut.Find("[data-testid=predictions-table]").QuerySelectorAll("tbody tr").Length));
        Assert.Empty(cut.FindAll($"[data-testid=prediction-row-{records[2].Id}]"));
        Assert.Contains("good", cut.Find($"[data-testid=prediction-row-{records[0].Id}]").TextContent);
    }

    [Fact]
    public async Task FilterLabelled_AndOpen_ShowsInputsTable()
    {
        var records = await SeedAsync();
        SignIn(Roles.Viewer, "viewer");
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<PredictionsPage>();
        cut.WaitForElement("[data-testid=predictions-table]");

        var labelled = cut.FindComponents<MudSelect<string>>().Single(s => Equals(s.Instance.UserAttributes.GetValueOrDefault("data-testid"), "predictions-filter-labelled"));
        await cut.InvokeAsync(() => labelled.Instance.ValueChanged.InvokeAsync("yes"));
        await cut.Find("button[data-testid=predictions-apply]").ClickAsync(new MouseEventArgs());
        cut.WaitForAssertion(() => Assert.Single(cut.Find("[data-testid=predictions-table]").QuerySelectorAll("tbody tr")));

        await cut.Find($"button[data-testid=prediction-open-{records[0].Id}]").ClickAsync(new MouseEventArgs());
        // The detail is a dialog over the page, not a panel below the table.
        var detail = dialogs.WaitForElement("[data-testid=prediction-inputs]").Closest(".mud-dialog")!;
        Assert.Contains("Seniority", detail.TextContent);
        Assert.Contains("owner", detail.TextContent);
        Assert.Contains("crm", detail.TextContent);
        Assert.Empty(cut.FindAll("[data-testid=prediction-inputs]"));
    }

    [Fact]
    public async Task Render_Rows_TimeToTheSecondInUtcAndAShortIdThatCopiesTheFullOne()
    {
        var records = await SeedAsync();
        SignIn(Roles.Viewer, "viewer");
        Render<MudSnackbarProvider>();
        var cut = Render<PredictionsPage>();

        var table = cut.WaitForElement("[data-testid=predictions-table]");
        Assert.Contains("Time (UTC)", table.QuerySelector("thead")!.TextContent);
        Assert.Equal("2026-03-01 12:01:07", cut.Find($"[data-testid=prediction-time-{records[1].Id}]").TextContent);
        var shortId = cut.Find($"[data-testid=prediction-row-{records[1].Id}] code");
        Assert.Equal("…" + records[1].Id.ToString()[^8..], shortId.TextContent);
        Assert.Equal(records[1].Id.ToString(), shortId.GetAttribute("title"));

        await cut.Find($"button[data-testid=prediction-copy-{records[1].Id}]").ClickAsync(new MouseEventArgs());

        Assert.Equal(records[1].Id.ToString(), JSInterop.VerifyInvoke("navigator.clipboard.writeText").Arguments[0]);
    }

    [Fact]
    public async Task Search_ExactIdPastedWithQuotes_OpensItsDetailAndPutsItInTheUrlUntilClosed()
    {
        var records = await SeedAsync();
        SignIn(Roles.Viewer, "viewer");
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<PredictionsPage>();
        cut.WaitForElement("[data-testid=predictions-table]");

        await cut.Find("input[data-testid=predictions-search]").InputAsync(new ChangeEventArgs { Value = $" \"{records[2].Id}\"," });
        await cut.Find("input[data-testid=predictions-search]").KeyDownAsync(new KeyboardEventArgs { Key = "Enter" });

        dialogs.WaitForAssertion(() => Assert.Equal(records[2].Id.ToString(), dialogs.Find("[data-testid=prediction-detail-id]").TextContent));
        Assert.Equal("2026-03-01 12:02:07.000 UTC", dialogs.Find("[data-testid=prediction-detail-time]").TextContent);
        Assert.Equal("0.6600", dialogs.Find("[data-testid=prediction-detail-probability]").TextContent);
        Assert.Contains("not known yet", dialogs.Find("[data-testid=prediction-detail-true-label]").TextContent);
        Assert.Contains($"id={records[2].Id}", Navigation.Uri);

        await dialogs.Find("button[data-testid=prediction-detail-close]").ClickAsync(new MouseEventArgs());

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=prediction-detail-id]")));
        cut.WaitForAssertion(() => Assert.DoesNotContain("id=", Navigation.Uri));
    }

    [Theory]
    [InlineData("not-an-id", "Not a prediction id")]
    [InlineData("00000000-0000-7000-8000-000000000000", "No logged prediction has this id")]
    public async Task Search_NoSuchPrediction_SaysWhyAndOpensNothing(string text, string message)
    {
        await SeedAsync();
        SignIn(Roles.Viewer, "viewer");
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<PredictionsPage>();
        cut.WaitForElement("[data-testid=predictions-table]");

        await cut.Find("input[data-testid=predictions-search]").InputAsync(new ChangeEventArgs { Value = text });
        await cut.Find("button[data-testid=predictions-search-go]").ClickAsync(new MouseEventArgs());

        cut.WaitForAssertion(() => Assert.Contains(message, cut.Markup));
        Assert.Empty(dialogs.FindAll("[data-testid=prediction-detail-id]"));
        Assert.DoesNotContain("id=", Navigation.Uri);
    }

    [Fact]
    public async Task Navigate_WithIdInTheQuery_OpensThatPrediction()
    {
        var records = await SeedAsync();
        SignIn(Roles.Viewer, "viewer");
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        Navigation.NavigateTo($"predictions?id={records[0].Id}");

        Render<PredictionsPage>();

        dialogs.WaitForAssertion(() => Assert.Equal(records[0].Id.ToString(), dialogs.Find("[data-testid=prediction-detail-id]").TextContent));
        Assert.Contains("good", dialogs.Find("[data-testid=prediction-detail-true-label]").TextContent);
        Assert.Contains("crm", dialogs.Find("[data-testid=prediction-detail-true-label]").TextContent);
    }

    [Fact]
    public async Task Navigate_WithFiltersInTheQuery_FiltersAndAChangedFilterRewritesTheUrlInPlace()
    {
        var records = await SeedAsync();
        SignIn(Roles.Viewer, "viewer");
        Render<MudPopoverProvider>();
        Navigation.NavigateTo("predictions?model=credit&labelled=no&from=2026-03-01&to=2026-03-01");

        var cut = Render<PredictionsPage>();

        cut.WaitForAssertion(() => Assert.Single(cut.Find("[data-testid=predictions-table]").QuerySelectorAll("tbody tr")));
        cut.Find($"[data-testid=prediction-row-{records[1].Id}]");
        var model = Select(cut, "predictions-filter-model");
        Assert.Equal("credit", model.Instance.GetState(x => x.Value));
        Assert.Equal("no", Select(cut, "predictions-filter-labelled").Instance.GetState(x => x.Value));
        Assert.Equal(new DateTime(2026, 3, 1), cut.FindComponents<MudDatePicker>().First().Instance.Date);
        var history = Services.GetRequiredService<BunitNavigationManager>().History.Count;

        await cut.InvokeAsync(() => model.Instance.ValueChanged.InvokeAsync("churn"));

        cut.WaitForAssertion(() => Assert.Contains("model=churn", Navigation.Uri));
        cut.WaitForAssertion(() => cut.Find($"[data-testid=prediction-row-{records[2].Id}]"));
        Assert.Contains("labelled=no", Navigation.Uri);
        Assert.Contains("from=2026-03-01", Navigation.Uri);
        Assert.Contains("to=2026-03-01", Navigation.Uri);
        // Replaced, not pushed: Back leaves the page.
        Assert.Equal(history, Services.GetRequiredService<BunitNavigationManager>().History.Count);

        await cut.InvokeAsync(() => Select(cut, "predictions-filter-labelled").Instance.ValueChanged.InvokeAsync("any"));
        await cut.Find("button[data-testid=predictions-apply]").ClickAsync(new MouseEventArgs());
        cut.WaitForAssertion(() => Assert.DoesNotContain("labelled=", Navigation.Uri));
    }

    private NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    private static IRenderedComponent<MudSelect<string>> Select(IRenderedComponent<PredictionsPage> cut, string testId) =>
        cut.FindComponents<MudSelect<string>>().Single(s => Equals(s.Instance.UserAttributes.GetValueOrDefault("data-testid"), testId));
}

