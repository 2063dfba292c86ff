using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Core.Auth;
using Portal.Core.Registry;
using Portal.Core.Training;
using Portal.Web.Components.Pages.Models;

namespace Portal.Tests.Components;

/// <summary>Compare lists each version's trainer options and marks the ones that differ.</summary>
public sealed class CompareOptionsTests : PortalComponentContext
{
    [Fact]
    public async Task Compare_DifferentTrainerOptions_HighlightsOnlyThoseThatDiffer()
    {
        await RegisterVersionAsync("credit-risk", CreditSchema());
        var second = await RegisterVersionAsync("credit-risk", CreditSchema());
        var options = new Dictionary<string, double>(second.Options) { ["numberOfTrees"] = 250 };
        var registry = Services.GetRequiredService<IModelRegistry>();
        var third = await registry.AddVersionAsync(
            new NewModelVersion("credit-risk", "tester", TrainerKind.FastTree, options, null, null, "Status", "bad", "good", CreditSchema(), second.Evaluation, null),
            (version, _) => Task.FromResult(new StoredArtefact($"credit-risk/v{version}.zip", new string('0', 64))));
        Render<MudPopoverProvider>();

        var cut = Render<ModelCompareTab>(p => p.Add(x => x.Versions, [third, second]).Add(x => x.Baseline, second.Version));

        Assert.Equal("true", cut.Find("[data-testid=compare-option-numberOfTrees]").GetAttribute("data-differs"));
        Assert.Contains("250", cut.Find("[data-testid=compare-option-numberOfTrees]").TextContent, StringComparison.Ordinal);
        Assert.Equal("false", cut.Find("[data-testid=compare-option-learningRate]").GetAttribute("data-differs"));
    }
}
