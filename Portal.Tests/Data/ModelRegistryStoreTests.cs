using Portal.Core.Datasets;
using Portal.Core.Registry;
using Portal.Core.Training;

namespace Portal.Tests.Data;

/// <summary>Run on both providers: <see cref="Sqlite"/> and <see cref="Postgres"/>.</summary>
public abstract class ModelRegistryStoreTests
{
    public sealed class Sqlite : ModelRegistryStoreTests
    {
        protected override async Task<IStoreDatabase> CreateDatabaseAsync() => await SqliteDatabase.CreateAsync();
    }

    public sealed class Postgres : ModelRegistryStoreTests
    {
        protected override async Task<IStoreDatabase> CreateDatabaseAsync() => await PostgresDatabase.CreateAsync();
    }

    protected abstract Task<IStoreDatabase> CreateDatabaseAsync();

    private static NewModelVersion Version(string model) => new(
        model, "tester", TrainerKind.FastTree, new Dictionary<string, double> { ["numberOfTrees"] = 10 }, null, null, "y", "yes", "no",
        new FeatureSchema([new FeatureSpec("x", ColumnType.Numeric)]),
        new Evaluation(new ModelMetrics(0.8, 0.7, 0.75, 0.7, 0.7, 0.2, 0.5, 20, 80), [new RocPoint(0, 0, 1), new RocPoint(1, 1, 0)], new ConfusionMatrix(7, 3, 8, 2)),
        null);

    private static Func<int, CancellationToken, Task<StoredArtefact>> Artefact(string folder) =>
        (n, _) => Task.FromResult(new StoredArtefact(Path.Combine(folder, $"v{n}.zip"), new string('a', 64)));

    [Fact]
    public async Task AddVersion_TwoVersions_NumbersThemAndKeepsEverything()
    {
        await using var db = await CreateDatabaseAsync();
        var registry = db.Get<IModelRegistry>();

        var first = await registry.AddVersionAsync(Version("m"), Artefact(db.Folder));
        var second = await registry.AddVersionAsync(Version("m"), Artefact(db.Folder));

        Assert.Equal(1, first.Version);
        Assert.Equal(2, second.Version);
        var stored = await registry.GetVersionAsync("m", 2);
        Assert.NotNull(stored);
        Assert.Equal(0.8, stored.Metrics.Auc);
        Assert.Equal(7, stored.Evaluation.Confusion.TruePositive);
        Assert.Equal("x", stored.Schema.Features.Single().Name);
        Assert.Equal(10, stored.Options["numberOfTrees"]);
        Assert.Equal(ModelStage.None, stored.Stage);
        Assert.Equal(2, (await registry.ListModelsAsync()).Single().Versions);
    }

    [Fact]
    public async Task AddVersion_ArtefactWriteFails_RegistersNothing()
    {
        await using var db = await CreateDatabaseAsync();
        var registry = db.Get<IModelRegistry>();
        await registry.AddVersionAsync(Version("m"), Artefact(db.Folder));

        await Assert.ThrowsAsync<IOException>(() => registry.AddVersionAsync(Version("m"), (_, _) => throw new IOException("disk full")));

        var model = await registry.GetModelAsync("m");
        Assert.Equal([1], model!.Versions.Select(v => v.Version));
    }

    [Fact]
    public async Task SetAlias_NewChampion_ArchivesThePreviousOneAndRecordsTheMove()
    {
        await using var db = await CreateDatabaseAsync();
        var registry = db.Get<IModelRegistry>();
        await registry.AddVersionAsync(Version("m"), Artefact(db.Folder));
        await registry.AddVersionAsync(Version("m"), Artefact(db.Folder));

        await registry.SetAliasAsync("m", ModelAliases.Champion, 1, "admin", "first");
        await registry.SetAliasAsync("m", ModelAliases.Champion, 2, "admin", "better");

        var model = (await registry.GetModelAsync("m"))!;
        Assert.Equal(2, model.Summary.ChampionVersion);
        Assert.Equal(ModelStage.Production, model.Versions.Single(v => v.Version == 2).Stage);
        Assert.Equal(ModelStage.Archived, model.Versions.Single(v => v.Version == 1).Stage);
        Assert.Equal([ModelAliases.Champion], model.Versions.Single(v => v.Version == 2).Aliases);
        Assert.Empty(model.Versions.Single(v => v.Version == 1).Aliases);
        var aliased = await registry.ListAliasedVersionsAsync();
        Assert.Equal(2, aliased.Single().Version);
    }

    [Fact]
    public async Task SetAlias_UnknownVersion_Throws()
    {
        await using var db = await CreateDatabaseAsync();
        var registry = db.Get<IModelRegistry>();
        await registry.AddVersionAsync(Version("m"), Artefact(db.Folder));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => registry.SetAliasAsync("m", ModelAliases.Champion, 7, "admin", null));
        Assert.Null((await registry.GetModelAsync("m"))!.Summary.ChampionVersion);
    }
}
