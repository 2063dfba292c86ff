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
        FeatureSchema? schema;
        // A pass over the file, a row at a time, off the caller's context.
        await using (var stream = datasets.OpenFile(dataset))
            schema = await Task.Run(() => WithRanges(version.Schema, stream, version.Label, ct), ct);
        if (schema is null) return null;
        return await registry.UpdateSchemaAsync(version.Model, version.Version, schema, ct);
    }

    /// <summary>
    /// <paramref name="schema"/> with each numeric feature lacking a range given the one training computes from the dataset
    /// CSV in <paramref name="csv"/> (one pass, as a streamed training run scans it); null when none could be.
    /// </summary>
    public static FeatureSchema? WithRanges(FeatureSchema schema, Stream csv, string label, CancellationToken ct = default)
    {
        using var reader = CsvRowReader.Open(csv);
        var labelIndex = -1;
        for (var i = 0; i < reader.Headers.Count; i++)
            if (string.Equals(reader.Headers[i], label, StringComparison.Ordinal)) labelIndex = i;
        if (labelIndex < 0) return null;
        var scans = FeatureSchemaBuilder.Scans(reader.Headers, label, FeatureSchemaBuilder.StreamedDistinctCap);
        var rows = 0;
        while (reader.Read())
        {
            if ((rows++ & 4095) == 0) ct.ThrowIfCancellationRequested();
            // The rows training learns from and evaluates on: those with a label (training drops the others).
            if (reader.Cells[labelIndex] is not null) FeatureSchemaBuilder.Add(scans, reader.Cells);
        }

        var computed = FeatureSchemaBuilder.Result(scans).Schema.Features.ToDictionary(f => f.Name, StringComparer.Ordinal);
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
