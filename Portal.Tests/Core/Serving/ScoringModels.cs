using System.Collections.Concurrent;
using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Transforms;
using Portal.Core.Datasets;
using Portal.Core.Serving;
using Portal.Core.Training;
using Portal.Tests.Core.Training;

namespace Portal.Tests.Core.Serving;

/// <summary>Models for the scorer tests, each trained once per run, and the rows of their datasets encoded as served.</summary>
internal static class ScoringModels
{
    public const string Credit = "credit_data.csv";
    public const string Churn = "customer_churn.csv";

    private static readonly ConcurrentDictionary<(string, TrainerKind), Lazy<TrainedModel>> Trained = new();

    /// <summary>A model trained by Portal's trainer with default options, as the demo model is.</summary>
    public static TrainedModel Train(string sample, TrainerKind trainer) =>
        Trained.GetOrAdd((sample, trainer), key => new Lazy<TrainedModel>(() =>
            new ModelTrainer().Train(SampleTables.Sample(key.Item1), Request(key.Item1, key.Item2)))).Value;

    public static TrainingRequest Request(string sample, TrainerKind trainer) => sample switch
    {
        Credit => new TrainingRequest(1, "Status", "bad", trainer),
        Churn => new TrainingRequest(1, "churn", "yes", trainer),
        _ => throw new ArgumentOutOfRangeException(nameof(sample), sample, "No request for this sample."),
    };

    /// <summary>Every row of the sample (label or not), encoded with the schema as the binder encodes a request.</summary>
    public static ModelInput[] Rows(string sample, FeatureSchema schema)
    {
        var table = SampleTables.Sample(sample);
        var columns = schema.Features.Select(f => table.IndexOf(f.Name)).ToArray();
        return table.Rows.Select(cells =>
        {
            var row = ModelInput.For(schema);
            FeatureValueEncoder.Fill(schema, i => cells[columns[i]], row);
            return row;
        }).ToArray();
    }

    /// <summary>
    /// credit_data through a hand-built pipeline that puts a min-max scaler on the numeric vector: a featurizer
    /// that is not imputation and one-hot encoding alone, as an imported model may have.
    /// </summary>
    public static (byte[] Artefact, FeatureSchema Schema) ScaledNumericFastTree() => CreditPipeline((ml, featurize) =>
        ml.Transforms.NormalizeMinMax(ModelRowSchema.NumericColumn)
            .Append(featurize)
            .Append(ml.BinaryClassification.Trainers.FastTree(ModelRowSchema.LabelColumn, numberOfTrees: 20)));

    /// <summary>credit_data through FastTree allowed to split on categorical features (ModelTrainer never asks for it).</summary>
    public static (byte[] Artefact, FeatureSchema Schema) CategoricalSplitFastTree() => CreditPipeline((ml, featurize) =>
        featurize.Append(ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            LabelColumnName = ModelRowSchema.LabelColumn,
            CategoricalSplit = true,
            NumberOfTrees = 20,
        })));

    /// <summary>Fits ReplaceMissingValues -> <paramref name="build"/>(one-hot encoding -> Concatenate) on credit_data and saves it.</summary>
    private static (byte[] Artefact, FeatureSchema Schema) CreditPipeline(Func<MLContext, IEstimator<ITransformer>, IEstimator<ITransformer>> build)
    {
        var table = SampleTables.Sample(Credit);
        var schema = FeatureSchemaBuilder.Build(table, "Status").Schema;
        var label = table.IndexOf("Status");
        var rows = Rows(Credit, schema);
        for (var r = 0; r < rows.Length; r++) rows[r].Label = table.Rows[r][label] == "bad";

        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(rows, ModelRowSchema.For(schema));
        var featurize = ml.Transforms.Categorical.OneHotEncoding("Indicators", ModelRowSchema.CategoricalColumn)
            .Append(ml.Transforms.Concatenate("Features", ModelRowSchema.NumericColumn, "Indicators"));
        var pipeline = ml.Transforms.ReplaceMissingValues(ModelRowSchema.NumericColumn, replacementMode: MissingValueReplacingEstimator.ReplacementMode.Mean)
            .Append(build(ml, featurize));
        var model = pipeline.Fit(data);
        using var zip = new MemoryStream();
        ml.Model.Save(model, data.Schema, zip);
        return (zip.ToArray(), schema);
    }
}
