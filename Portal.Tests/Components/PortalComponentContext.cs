using Bunit;
using Bunit.TestDoubles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MudBlazor.Services;
using Portal.Web.Extensions;
using Portal.Core.Auth;
using Portal.Core.Datasets;
using Portal.Core.Registry;
using Portal.Core.Training;
using Portal.Data;
using Portal.Tests.Api.Errors;

namespace Portal.Tests.Components;

/// <summary>
/// A bUnit context with the real Core services on a real SQLite file in a temporary folder, MudBlazor,
/// loose JS interop (MudBlazor and Plotly call into the browser) and a fake signed-in user.
/// </summary>
public abstract class PortalComponentContext : BunitContext, IAsyncLifetime
{
    protected PortalComponentContext()
    {
        // bUnit waits 1 s by default; a debounced input's timer on a CI machine busy with the whole suite once took longer.
        DefaultWaitTimeout = TimeSpan.FromSeconds(10);
        Directory.CreateDirectory(Root);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        // The app's own service graph, on a temporary folder (pooling off so the folder can be deleted afterwards).
        Services.AddPortalServices(new PortalPaths
        {
            Home = TestPaths.RepoRoot,
            DataPath = Root,
            ModelsPath = Path.Combine(Root, "models"),
            ConnectionString = $"Data Source={Path.Combine(Root, "portal.db")};Pooling=false",
        });
        Services.AddSingleton<ApiKeyService>();
        // What components log, for tests that check a failure reaches the log (bUnit's default logger drops it).
        Services.AddSingleton<ILoggerFactory>(new LoggerFactory([Logs]));
        Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        Auth = AddAuthorization();
    }

    protected CapturedLogs Logs { get; } = new();

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "portal-component-tests", Guid.NewGuid().ToString("N"));

    protected BunitAuthorizationContext Auth { get; }

    public async Task InitializeAsync()
    {
        await Services.MigratePortalDatabaseAsync();
        // Pages render as they do once the circuit is up: their actions are enabled only when interactive.
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by SQLite: the temp folder is cleaned by the OS.
        }
    }

    /// <summary>Signs in a user of <paramref name="role"/>, with every policy that role satisfies (policies are named after roles).</summary>
    protected void SignIn(string role, string name = "tester")
    {
        Auth.SetAuthorized(name);
        Auth.SetRoles(role);
        Auth.SetPolicies(Roles.All.Where(policy => Roles.AtLeast(policy).Contains(role)).ToArray());
    }

    protected async Task<DatasetInfo> ImportSampleAsync(string fileName)
    {
        await using var file = File.OpenRead(TestPaths.Sample(fileName));
        return await Services.GetRequiredService<DatasetService>().ImportAsync(file, fileName, null, "tester");
    }

    /// <summary>Registers a version with the given schema (no artefact is loaded: pages only read the registry).</summary>
    protected async Task<ModelVersionInfo> RegisterVersionAsync(string model, FeatureSchema schema, double auc = 0.85, int? datasetId = null, double brier = 0.15)
    {
        var registry = Services.GetRequiredService<IModelRegistry>();
        var evaluation = new Evaluation(
            new ModelMetrics(auc, 0.6, 0.8, 0.7, 0.5, brier, 0.45, 200, 800),
            [new RocPoint(0, 0, double.PositiveInfinity), new RocPoint(0.2, 0.7, 0.5), new RocPoint(1, 1, 0)],
            new ConfusionMatrix(35, 15, 125, 25));
        return await registry.AddVersionAsync(
            new NewModelVersion(model, "tester", TrainerKind.FastTree, TrainerCatalog.Resolve(TrainerKind.FastTree, null), datasetId, null,
                "Status", "bad", "good", schema, evaluation, null),
            (version, _) => Task.FromResult(new StoredArtefact($"{model}/v{version}.zip", new string('0', 64))));
    }

    /// <summary>
    /// Trains a real (small) FastTree version of <paramref name="model"/> on breast_cancer.csv and stores its artefact,
    /// so that it can be loaded and served by a promotion.
    /// </summary>
    /// <remarks>With <paramref name="explained"/> its explanation background is stored beside the zip, as training does.</remarks>
    protected async Task<ModelVersionInfo> TrainVersionAsync(string model, int trees = 5, bool explained = true)
    {
        CsvTable table;
        await using (var file = File.OpenRead(TestPaths.Sample("breast_cancer.csv"))) table = CsvTableReader.Read(file);
        var options = new Dictionary<string, double> { ["numberOfTrees"] = trees };
        var trained = new ModelTrainer().Train(table, new TrainingRequest(1, "diagnosis", "malignant", TrainerKind.FastTree, 0.2, 1, options));
        var artefacts = Services.GetRequiredService<ArtefactStore>();
        return await Services.GetRequiredService<IModelRegistry>().AddVersionAsync(
            new NewModelVersion(model, "tester", TrainerKind.FastTree, trained.Options, null, null, "diagnosis", trained.PositiveClass, trained.NegativeClass, trained.Schema, trained.Evaluation, null),
            async (version, ct) =>
            {
                var stored = await artefacts.WriteAsync(model, version, trained.Artefact, ct);
                if (explained && trained.Explanation is { } background)
                    await Portal.Core.Explanations.ExplanationStore.WriteAsync(artefacts, stored.Key, stored.Sha256, background, ct);
                return stored;
            });
    }

    protected static FeatureSchema CreditSchema() => new(
    [
        new FeatureSpec("Seniority", ColumnType.Numeric),
        new FeatureSpec("Home", ColumnType.Categorical, ["owner", "rent", "parents", FeatureSchema.MissingCategory, FeatureSchema.OtherCategory], AllowMissing: true),
        new FeatureSpec("Records", ColumnType.Boolean, ["no", "yes"]),
        new FeatureSpec("Income", ColumnType.Numeric, AllowMissing: true),
    ]);
}
