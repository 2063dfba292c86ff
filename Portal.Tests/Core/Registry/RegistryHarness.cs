using Portal.Core.Audit;
using Portal.Core.Datasets;
using Portal.Core.Gates;
using Portal.Core.Registry;
using Portal.Core.Serving;
using Portal.Core.Training;
using Portal.Tests.Core.Training;
using Portal.Tests.Data;

namespace Portal.Tests.Core.Registry;

/// <summary>
/// The registry's services over the real Data stores on a fresh SQLite database, with a real artefact store and
/// model server: what the portal wires, without the web host.
/// </summary>
internal sealed class RegistryHarness : IAsyncDisposable
{
    public const string Model = "cancer";
    public const string Admin = "admin";

    /// <summary>breast_cancer.csv through FastTree (20 trees), trained once per run.</summary>
    public static readonly Lazy<TrainedModel> Trained = new(() =>
        new ModelTrainer().Train(SampleTables.Sample("breast_cancer.csv"), TrainingFixture.BreastCancer(TrainerKind.FastTree, new Dictionary<string, double> { ["numberOfTrees"] = 20 })));

    private readonly SqliteDatabase _db;

    private RegistryHarness(SqliteDatabase db)
    {
        _db = db;
        Artefacts = new ArtefactStore(Path.Combine(db.Folder, "artefacts"));
        Server = new ModelServer(Artefacts, TimeProvider.System);
        Datasets = new DatasetService(db.Get<IDatasetStore>(), new DatasetFiles(Directory.CreateDirectory(Path.Combine(db.Folder, "datasets")).FullName), 50 * 1024 * 1024, Audit);
        Promotion = new PromotionService(Registry, db.Get<IGateStore>(), Audit, Server, TimeProvider.System);
        Importer = new ModelImporter(Datasets, Registry, Artefacts, Server, Audit, new ArtefactLimits(ModelImporter.MaxArtefactBytes));
        Cards = new ModelCardService(Registry, Datasets, Audit);
    }

    public IModelRegistry Registry => _db.Get<IModelRegistry>();
    public IAuditLog Audit => _db.Get<IAuditLog>();
    public ArtefactStore Artefacts { get; }
    public ModelServer Server { get; }
    public DatasetService Datasets { get; }
    public PromotionService Promotion { get; }
    public ModelImporter Importer { get; }
    public ModelCardService Cards { get; }

    public static async Task<RegistryHarness> CreateAsync() => new(await SqliteDatabase.CreateAsync());

    public async Task<DatasetInfo> ImportDatasetAsync()
    {
        await using var csv = File.OpenRead(TestPaths.Sample("breast_cancer.csv"));
        return await Datasets.ImportAsync(csv, "breast_cancer.csv", "breast-cancer", Admin);
    }

    /// <summary>Registers the trained model as a new version; <paramref name="auc"/> overrides its test AUC (to trip a gate).</summary>
    public async Task<ModelVersionInfo> AddVersionAsync(int? datasetId = null, double? auc = null)
    {
        var trained = Trained.Value;
        var evaluation = auc is { } value ? trained.Evaluation with { Metrics = trained.Evaluation.Metrics with { Auc = value } } : trained.Evaluation;
        return await Registry.AddVersionAsync(
            new NewModelVersion(Model, Admin, TrainerKind.FastTree, new Dictionary<string, double>(), datasetId, null,
                "diagnosis", trained.PositiveClass, trained.NegativeClass, trained.Schema, evaluation, null),
            (number, ct) => Artefacts.WriteAsync(Model, number, trained.Artefact, ct));
    }

    public async Task<IReadOnlyList<AuditEntry>> AuditAsync(string action) => await Audit.QueryAsync(new AuditQuery(Action: action));

    public ValueTask DisposeAsync() => _db.DisposeAsync();
}
