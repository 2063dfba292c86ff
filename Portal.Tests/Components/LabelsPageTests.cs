using Bunit;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Core.Auth;
using Portal.Core.Predictions;
using Portal.Web.Components.Pages.Predictions;

namespace Portal.Tests.Components;

public sealed class LabelsPageTests : PortalComponentContext
{
    [Fact]
    public async Task SubmitPasted_CsvWithBadRows_ReportsAcceptedAndRejectedLines()
    {
        await RegisterVersionAsync("credit", CreditSchema());
        var id = PredictionIds.Next(DateTimeOffset.UnixEpoch);
        await Services.GetRequiredService<IPredictionStore>().AddBatchAsync(
            [new PredictionRecord(id, "credit", 1, "champion", """{"Seniority":3}""", "bad", 0.8, 1, DateTimeOffset.UnixEpoch)]);
        SignIn(Roles.DataScientist, "ds");
        Render<MudPopoverProvider>();
        var cut = Render<LabelsPage>();

        var paste = cut.FindComponents<MudTextField<string>>().Single(t => Equals(t.Instance.UserAttributes.GetValueOrDefault("data-testid"), "labels-paste"));
        await cut.InvokeAsync(() => paste.Instance.ValueChanged.InvokeAsync($"{LabelCsvReader.Header}\n{id},bad,2026-01-01T00:00:00Z,crm\n{Guid.NewGuid()},good,,crm\n{id},maybe,,crm\n"));
        await cut.Find("button[data-testid=labels-submit]").ClickAsync(new MouseEventArgs());

        cut.WaitForElement("[data-testid=labels-report]");
        Assert.Contains("1 accepted", cut.Find("[data-testid=labels-accepted]").TextContent);
        var rows = cut.Find("[data-testid=labels-rejected]").QuerySelectorAll("tbody tr");
        Assert.Equal(2, rows.Length);
        Assert.Contains("No logged prediction", cut.Find("[data-testid=labels-rejected-3]").TextContent);
        Assert.Contains("'maybe' is not a class", cut.Find("[data-testid=labels-rejected-4]").TextContent);
        Assert.Equal("bad", (await Services.GetRequiredService<ILabelStore>().GetAsync(id))!.TrueLabel);
    }

    [Fact]
    public async Task SubmitPasted_NotCsv_ShowsTheError()
    {
        SignIn(Roles.DataScientist, "ds");
        Render<MudPopoverProvider>();
        var cut = Render<LabelsPage>();
        var paste = cut.FindComponents<MudTextField<string>>().Single(t => Equals(t.Instance.UserAttributes.GetValueOrDefault("data-testid"), "labels-paste"));
        await cut.InvokeAsync(() => paste.Instance.ValueChanged.InvokeAsync("hello there"));
        await cut.Find("button[data-testid=labels-submit]").ClickAsync(new MouseEventArgs());
        cut.WaitForAssertion(() => Assert.Contains("not a labels CSV", cut.Markup));
        Assert.Empty(cut.FindAll("[data-testid=labels-report]"));
    }

    [Fact]
    public void Render_Viewer_NoUpload()
    {
        SignIn(Roles.Viewer, "viewer");
        var cut = Render<LabelsPage>();
        Assert.Empty(cut.FindAll("[data-testid=labels-upload]"));
        cut.Find("[data-testid=labels-readonly]");
    }

    [Fact]
    public async Task SubmitPasted_BrokenJson_SaysWhereWithoutTheParsersText()
    {
        SignIn(Roles.DataScientist, "ds");
        Render<MudPopoverProvider>();
        var cut = Render<LabelsPage>();
        var paste = cut.FindComponents<MudTextField<string>>().Single(t => Equals(t.Instance.UserAttributes.GetValueOrDefault("data-testid"), "labels-paste"));
        await cut.InvokeAsync(() => paste.Instance.ValueChanged.InvokeAsync("[{\"predictionId\": }]"));
        await cut.Find("button[data-testid=labels-submit]").ClickAsync(new MouseEventArgs());

        var error = cut.WaitForElement("[data-testid=error]").TextContent;
        Assert.Matches(@"The pasted text is not valid JSON \(line 1, byte \d+\)\.", error);
        Assert.DoesNotContain("LineNumber", error);
        Assert.DoesNotContain("System.", error);
    }
}
