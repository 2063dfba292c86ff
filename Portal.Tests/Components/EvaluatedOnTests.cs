using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Core.Auth;
using Portal.Core.Registry;
using Portal.Core.Training;
using Portal.Web.Components.Pages.Models;

namespace Portal.Tests.Components;

/// <summary>The version page says which rows a version's metrics come from.</summary>
public sealed class EvaluatedOnTests : PortalComponentContext
{
    [Fact]
    public async Task ModelPage_VersionWithEvaluatedOn_ShowsIt()
    {
        SignIn(Roles.Viewer);
        const string evaluatedOn = "test split (20%, seed 1) of dataset 'credit' (id 1): 891 rows";
        var evaluation = new Evaluation(
            new ModelMetrics(0.86, 0.6, 0.8, 0.7, 0.5, 0.15, 0.45, 891, 0),
            [new RocPoint(0, 0, double.PositiveInfinity), new RocPoint(1, 1, 0)],
            new ConfusionMatrix(35, 15, 125, 25)) { EvaluatedOn = evaluatedOn };
        await Services.GetRequiredService<IModelRegistry>().AddVersionAsync(
            new NewModelVersion("credit-risk", "tester", TrainerKind.Imported, new Dictionary<string, double>(), null, null, "Status", "bad", "good", CreditSchema(), evaluation, null)
            {
                Source = VersionSources.Imported,
            },
            (version, _) => Task.FromResult(new StoredArtefact($"credit-risk/v{version}.zip", new string('0', 64))));
        Render<MudPopoverProvider>();

        var cut = Render<ModelPage>(p => p.Add(x => x.Name, "credit-risk"));

        cut.WaitForAssertion(() => Assert.Equal($"Metrics from the {evaluatedOn}", cut.Find("[data-testid=evaluated-on]").TextContent.Trim()));
    }
}
