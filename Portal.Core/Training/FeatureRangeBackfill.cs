using Portal.Core.Datasets;
using Portal.Core.Registry;

namespace Portal.Core.Training;

/// <summary>
/// Gives a version registered before training ranges were kept the ranges it would have been given: when its training
/// dataset is still stored (same SHA-256), the ranges are computed from it by the code training uses
/// (<see cref="FeatureSchemaBuilder"/> over the labelled rows) and kept in the version's schema in the registry, so it
/// is done once and the version is then checked like any other.
/// </summary>
public sealed class FeatureRangeBackfill(IModelRegistry registry, DatasetService datasets)
{
    /// <summary>Whether a numeric feature of the version has no range.</summary>
    public static bool LacksRanges(ModelVersionInfo version) =>
        version.Schema.Features.Any(f => f.Type == ColumnType.Numeric && f.Range is null);

    /// <summary>
    /// The version with its ranges filled in and stored, or null when it needs none or they cannot be computed (no
    /// dataset, a dataset deleted or changed, no such label). Reading the dataset may throw (file gone, unreadable).
    /// </summary>
    public async Task<ModelVersionInfo?> FillAsync(ModelVersionInfo version, CancellationToken ct = default)
    {
        if (!LacksRanges(version) || version.DatasetId is not { } id) return null;
        if (await datasets.GetAsync(id, ct) is not { } dataset) return null;
        if (version.DatasetSha256 is { } sha && !string.Equals(sha, dataset.Sha256, StringComparison.OrdinalIgnoreCase)) return null;
        if (WithRanges(version.Schema, datasets.LoadTable(dataset), version.Label) is not { } schema) return null;
        return await registry.UpdateSchemaAsync(version.Model, version.Version, schema, ct);
    }

    /// <summary><paramref name="schema"/> with each numeric feature lacking a range given the one training computes; null when none could be.</summary>
    public static FeatureSchema? WithRanges(FeatureSchema schema, CsvTable table, string label)
    {
        var labelIndex = table.IndexOf(label);
        if (labelIndex < 0) return null;
        // The rows training learns from and evaluates on: those with a label (ModelTrainer drops the others).
        var labelled = Enumerable.Range(0, table.RowCount).Where(r => table.Rows[r][labelIndex] is not null).ToArray();
        var computed = FeatureSchemaBuilder.Build(table, label, labelled).Schema.Features.ToDictionary(f => f.Name, StringComparer.Ordinal);
        var filled = 0;
        var features = schema.Features.Select(f =>
        {
            if (f.Type != ColumnType.Numeric || f.Range is not null || computed.GetValueOrDefault(f.Name)?.Range is not { } range) return f;
            filled++;
            return f with { Range = range };
        }).ToList();
        return filled > 0 ? new FeatureSchema(features) : null;
    }
}
