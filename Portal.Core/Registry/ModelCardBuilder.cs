using System.Globalization;
using Portal.Core.Datasets;
using Portal.Core.Training;

namespace Portal.Core.Registry;

/// <summary>Assembles a <see cref="ModelCard"/> from a version, its dataset and the model's alias history.</summary>
public static class ModelCardBuilder
{
    /// <param name="dataset">The version's dataset, or null when it has none or the registry no longer holds it.</param>
    /// <param name="history">The model's alias moves (any order); those to this version become the card's promotions.</param>
    public static ModelCard Build(ModelVersionInfo version, DatasetInfo? dataset, IReadOnlyList<AliasMove> history)
    {
        var trainingData = version.DatasetId is not { } datasetId
            ? null
            : dataset is null || dataset.Id != datasetId
                ? new ModelCardTrainingData(datasetId, false, null, null, null, null, null, version.DatasetSha256)
                : new ModelCardTrainingData(datasetId, true, dataset.Name, dataset.FileName, dataset.Rows, dataset.CreatedAt, dataset.CreatedBy, dataset.Sha256);

        var promotions = history
            .Where(m => m.Model == version.Model && m.ToVersion == version.Version)
            .OrderBy(m => m.At)
            .Select(m => new ModelCardPromotion(m.Alias, m.FromVersion, m.At, m.By, m.Reason, m.Action, m.Gates ?? []))
            .ToList();

        var features = version.Schema.Features
            .Select(f => new ModelCardFeature(
                f.Name,
                f.Type.ToString().ToLowerInvariant(),
                f.Categories?.Where(c => c is not FeatureSchema.MissingCategory and not FeatureSchema.OtherCategory).ToList(),
                f.AllowMissing))
            .ToList();

        var metrics = version.Metrics;
        return new ModelCard(
            version.Model, version.Version, version.IntendedUse, version.Limitations, version.Source, version.CreatedAt, version.CreatedBy,
            version.Trainer, version.Options, version.Label, version.PositiveClass, version.NegativeClass,
            trainingData, metrics.TrainRows, metrics.TestRows, DescribeEvaluation(version),
            features, metrics, promotions, version.Stage, version.Aliases, version.Sha256)
        {
            Importance = version.Evaluation.Importance,
            MeanAbsShap = version.Evaluation.MeanAbsShap,
        };
    }

    private static string DescribeEvaluation(ModelVersionInfo version)
    {
        var m = version.Metrics;
        if (version.Source == VersionSources.Ensemble)
            return string.Create(CultureInfo.InvariantCulture,
                $"An ensemble (weighted mean of other versions' probabilities), evaluated on {m.TestRows} rows: {version.Evaluation.EvaluatedOn}.");
        if (version.Source == VersionSources.Imported || m.TrainRows == 0)
            return string.Create(CultureInfo.InvariantCulture,
                $"Trained elsewhere; evaluated here on all {m.TestRows} labelled rows of its dataset (no held-out split: the rows may overlap its training data).");
        var total = m.TestRows + m.TrainRows;
        var share = total == 0 ? 0 : (double)m.TestRows / total;
        return string.Create(CultureInfo.InvariantCulture,
            $"Evaluated on a stratified held-out test split of {m.TestRows} rows ({share * 100:0.#}% of {total} labelled rows); trained on the other {m.TrainRows}.");
    }
}
