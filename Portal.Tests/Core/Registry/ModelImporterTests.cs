using Portal.Core.Audit;
using Portal.Core.Registry;
using Portal.Core.Training;

namespace Portal.Tests.Core.Registry;

/// <summary>ModelImporter over the real stores: a zip trained elsewhere is evaluated on the held-out split, or refused with nothing registered.</summary>
public sealed class ModelImporterTests
{
    private const string Model = RegistryHarness.Model;

    [Fact]
    public async Task Import_TrainedZip_RegistersAnImportedVersionMeasuredOnTrainingsTestSplit()
    {
        await using var h = await RegistryHarness.CreateAsync();
        var dataset = await h.ImportDatasetAsync();
        var trained = RegistryHarness.Trained.Value;

        var version = await h.Importer.ImportAsync(Model, new ModelImportRequest(dataset.Id, "diagnosis", "malignant", 0.2, 1), trained.Artefact, "alice");

        Assert.Equal((1, VersionSources.Imported, TrainerKind.Imported, dataset.Id), (version.Version, version.Source, version.Trainer, version.DatasetId));
        // The same zip on the same split as training measured it: the same test rows and AUC.
        Assert.Equal(trained.Evaluation.Metrics.TestRows, version.Metrics.TestRows);
        Assert.Equal(trained.Evaluation.Metrics.Auc, version.Metrics.Auc, 6);
        Assert.Equal($"{Model} v1", Assert.Single(await h.AuditAsync(AuditActions.VersionImported)).Target);
    }

    [Fact]
    public async Task Import_StreamedFile_SchemaAndTestRowsEqualTheWholeTableComputation()
    {
        await using var h = await RegistryHarness.CreateAsync();
        var dataset = await h.ImportDatasetAsync();
        var trained = RegistryHarness.Trained.Value;

        var version = await h.Importer.ImportAsync(Model, new ModelImportRequest(dataset.Id, "diagnosis", "malignant", 0.2, 1), trained.Artefact, "alice");

        // What the importer computed from the whole table before it read the file a row at a time: the schema over the
        // labelled rows (every row here), ranges included, and the test split's size.
        var table = StoredTables.Read(h.Datasets, dataset);
        Assert.Equal(FeatureSchemaBuilder.Build(table, "diagnosis").Schema.Features, version.Schema.Features);
        Assert.Equal(DataSplit.TestCount(table.Column(table.IndexOf("diagnosis")).Count(v => v == "malignant"), 0.2)
            + DataSplit.TestCount(table.Column(table.IndexOf("diagnosis")).Count(v => v == "benign"), 0.2), version.Metrics.TestRows);
    }

    [Fact]
    public async Task Import_NotAModelZip_IsRefusedAndRegistersNothing()
    {
        await using var h = await RegistryHarness.CreateAsync();
        var dataset = await h.ImportDatasetAsync();

        var error = await Assert.ThrowsAsync<ModelImportException>(() =>
            h.Importer.ImportAsync(Model, new ModelImportRequest(dataset.Id, "diagnosis"), "not a zip"u8.ToArray(), "alice"));

        Assert.Contains(ModelImportException.FileField, error.Errors.Keys);
        Assert.Null(await h.Registry.GetModelAsync(Model));
        Assert.Empty(await h.AuditAsync(AuditActions.VersionImported));
    }

    [Fact]
    public async Task Import_UnknownLabel_NamesTheFieldAndTheColumns()
    {
        await using var h = await RegistryHarness.CreateAsync();
        var dataset = await h.ImportDatasetAsync();

        var error = await Assert.ThrowsAsync<ModelImportException>(() =>
            h.Importer.ImportAsync(Model, new ModelImportRequest(dataset.Id, "outcome"), RegistryHarness.Trained.Value.Artefact, "alice"));

        Assert.Contains("diagnosis", Assert.Single(error.Errors["label"]));
        Assert.Null(await h.Registry.GetModelAsync(Model));
    }
}
