using Bunit;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Core.Auth;
using Portal.Core.Predictions;
using Portal.Web.Components.Pages.Predictions;

namespace Portal.Tests.Components;

public sealed class PredictionsPageTests : PortalComponentContext
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

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
        var cut = Render<PredictionsPage>();
        cut.WaitForElement("[data-testid=predictions-table]");

        var labelled = cut.FindComponents<MudSelect<string>>().Single(s => Equals(s.Instance.UserAttributes.GetValueOrDefault("data-testid"), "predictions-filter-labelled"));
        await cut.InvokeAsync(() => labelled.Instance.ValueChanged.InvokeAsync("yes"));
        await cut.Find("button[data-testid=predictions-apply]").ClickAsync(new MouseEventArgs());
        cut.WaitForAssertion(() => Assert.Single(cut.Find("[data-testid=predictions-table]").QuerySelectorAll("tbody tr")));

        await cut.Find($"button[data-testid=prediction-open-{records[0].Id}]").ClickAsync(new MouseEventArgs());
        var detail = cut.Find("[data-testid=prediction-detail]");
        Assert.Contains("Seniority", detail.TextContent);
        Assert.Contains("owner", detail.TextContent);
        Assert.Contains("crm", detail.TextContent);
    }
}
