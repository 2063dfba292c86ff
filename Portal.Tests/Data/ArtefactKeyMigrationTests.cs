using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Registry;
using Portal.Data;

namespace Portal.Tests.Data;

/// <summary>Versions registered when the registry stored absolute artefact paths get keys relative to the artefact store.</summary>
public sealed class ArtefactKeyMigrationTests : IAsyncDisposable
{
    private const string BeforeKeys = "20261122222500_OneTreePredictionLog";
    private readonly MigratingDatabase _db = new();

    [Fact]
    public async Task Migrate_AbsoluteArtefactPaths_BecomeKeysRelativeToTheStore()
    {
        await _db.MigrateToAsync(BeforeKeys);

        // As the old registry stored them: wherever the models folder was, on Linux or Windows.
        var old = new Dictionary<int, string>
        {
            [1] = "/home/someone/portal/models/credit-risk/v1.zip",
            [2] = "/srv/portal-data/models/credit-risk/v2.zip",
            [3] = @"C:\Portal\models\credit-risk\v3.zip",
            [4] = @"\\fileserver\share\models\credit-risk\v4.zip",
            [5] = "credit-risk/v5.zip",
        };
        await _db.ExecuteAsync("INSERT INTO Models (Id, Name, Description, CreatedAt, UpdatedAt) VALUES (1, 'credit-risk', NULL, 0, 0)");
        foreach (var (version, path) in old)
            await _db.ExecuteAsync("""
                INSERT INTO ModelVersions (ModelId, Version, CreatedAt, CreatedBy, Trainer, OptionsJson, DatasetId, DatasetSha256, Label, PositiveClass,
                    NegativeClass, SchemaJson, EvaluationJson, Auc, ArtefactPath, Sha256, Stage, RunId, Source)
                VALUES (1, $version, 0, 'ds', 'FastTree', '{}', NULL, NULL, 'Status', 'bad', 'good', '{}', '{}', 0.8, $path, $sha, 'None', NULL, 'trained')
                """, ("$version", version), ("$path", path), ("$sha", new string('a', 64)));

        await _db.MigrateToLatestAsync();

        await using (var db = await _db.Contexts.CreateDbContextAsync())
        {
            var keys = await db.ModelVersions.OrderBy(v => v.Version).Select(v => v.ArtefactPath).ToListAsync();
            Assert.Equal(["credit-risk/v1.zip", "credit-risk/v2.zip", "credit-risk/v3.zip", "credit-risk/v4.zip", "credit-risk/v5.zip"], keys);
        }

        // A key resolves against whatever folder the store is configured with now.
        var moved = new ArtefactStore(Path.Combine(_db.Folder, "elsewhere", "models"));
        Assert.Equal(Path.Combine(moved.Root, "credit-risk", "v1.zip"), moved.Resolve("credit-risk/v1.zip"));
    }

    [Theory]
    [InlineData("/srv/portal/models/credit-risk/v1.zip")]
    [InlineData("../credit-risk/v1.zip")]
    [InlineData("credit-risk/../../v1.zip")]
    public void Resolve_KeyOutsideTheStore_IsRefusedWithoutNamingAServerFolder(string key)
    {
        var store = new ArtefactStore(Path.Combine(_db.Folder, "models"));

        var error = Assert.Throws<ArtefactIntegrityException>(() => store.Resolve(key));

        Assert.DoesNotContain(_db.Folder, error.Message);
    }

    [Fact]
    public void ReadVerified_MissingArtefact_NamesTheKeyNotTheServerPath()
    {
        var store = new ArtefactStore(Path.Combine(_db.Folder, "models"));

        var error = Assert.Throws<ArtefactIntegrityException>(() => store.ReadVerified("credit-risk/v1.zip", new string('a', 64)));

        Assert.Contains("credit-risk/v1.zip", error.Message);
        Assert.DoesNotContain(_db.Folder, error.Message);
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();
}
